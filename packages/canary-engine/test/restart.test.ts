/**
 * Real restarts: a child process running a canary over a database file is SIGKILLed mid-canary;
 * another process resumes it. Nothing stored is lost, and the canary is decided exactly once.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';

const here = dirname(fileURLToPath(import.meta.url));

/** A child process and its stdout so far. */
interface Child {
  readonly process: ChildProcess;
  output(): string;
  /** Resolves with the first stdout line matching `pattern`. */
  waitFor(pattern: RegExp): Promise<RegExpExecArray>;
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** Every child a test spawned, killed after it if still running. */
const children = new Set<ChildProcess>();

/** Spawns resuming children and waits until each is READY (its engine loaded, the database open). */
async function readyResumers(file: string, count = 1): Promise<Child[]> {
  const resumers = Array.from({ length: count }, () => spawnChild([file, 'resume']));
  await Promise.all(resumers.map((resumer) => resumer.waitFor(/READY/)));
  return resumers;
}

/** Lets READY resumers resume, all at the same instant. */
function release(resumers: readonly Child[]): void {
  for (const resumer of resumers) resumer.process.stdin?.end('go\n');
}

/** Spawns resuming children, waits until each is READY, then releases them together. */
async function resumeTogether(file: string, count = 1): Promise<Child[]> {
  const resumers = await readyResumers(file, count);
  release(resumers);
  return resumers;
}

/** Creates the database file with its schema, so processes started together need not migrate it at once. */
async function createDatabase(file: string): Promise<void> {
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  await closeDatabase(db);
}

function spawnChild(args: string[]): Child {
  const child = spawn(process.execPath, ['--import', 'tsx', join(here, 'restart-child.ts'), ...args], {
    cwd: dirname(here),
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  children.add(child);
  child.on('exit', () => children.delete(child));
  let output = '';
  const listeners = new Set<() => void>();
  const onOutput = (chunk: Buffer) => {
    output += chunk.toString();
    for (const listener of listeners) listener();
  };
  child.stdout.on('data', onOutput);
  child.stderr.on('data', onOutput);
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) =>
    child.on('exit', (code, signal) => resolve({ code, signal })),
  );
  return {
    process: child,
    output: () => output,
    exited,
    waitFor(pattern) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(output);
          if (match === null) return;
          listeners.delete(check);
          resolve(match);
        };
        listeners.add(check);
        void exited.then(() => reject(new Error(`child exited before ${pattern}:\n${output}`)));
        check();
      });
    },
  };
}

/**
 * Starts a canary in a child and SIGKILLs the child once 2 samples are stored (0.5 s in at an
 * interval of 0.25 s); windows of several seconds leave a slow machine time to kill it mid-window.
 */
async function startAndKill(file: string, policy: { window: number; interval: number; minSamples: number }) {
  const child = spawnChild([
    file,
    'start',
    String(policy.window),
    String(policy.interval),
    String(policy.minSamples),
  ]);
  const [, canaryId = '', startedAt = '', windowEndsAt = ''] =
    await child.waitFor(/STARTED (\S+) (\S+) (\S+)/);
  await child.waitFor(/EVENT metric 2\n/);
  child.process.kill('SIGKILL');
  const { signal } = await child.exited;
  expect(signal).toBe('SIGKILL');
  expect(child.output()).not.toMatch(/EVENT (promoted|rolled_back)/);
  return { canaryId, startedAt: Date.parse(startedAt), windowEndsAt: Date.parse(windowEndsAt) };
}

async function readBack(file: string, canaryId: string) {
  const db = openDatabase({ file });
  await migrateToLatest(db, { file });
  const store = createCockpitStore(db);
  const canary = await store.getCanary(canaryId);
  const samples = await store.samplesOf(canaryId);
  const events = await store.eventsAfter({ afterId: 0, selection: { topics: [`canary/${canaryId}`] } });
  await closeDatabase(db);
  return { canary, samples, events };
}

describe('restart with real processes', () => {
  let directory: string;
  beforeEach(() => {
    directory = mkdtempSync(join(tmpdir(), 'canary-restart-'));
  });
  afterEach(() => {
    for (const child of children) child.kill('SIGKILL');
    rmSync(directory, { recursive: true, force: true });
  });

  it('resumes a canary killed mid-window: keeps its samples, samples on, decides once', async () => {
    const file = join(directory, 'cockpit.db');
    // The resumer must resume before the window ends, and starting a process (tsx compiling the
    // engine) takes seconds on a busy machine: it is started, and READY, before the canary starts.
    await createDatabase(file);
    const [resumer] = await readyResumers(file);
    if (resumer === undefined) throw new Error('no resumer');
    const { canaryId, startedAt } = await startAndKill(file, { window: 8, interval: 0.25, minSamples: 3 });
    const before = await readBack(file, canaryId);
    expect(before.canary?.status).toBe('running');
    const kept = before.samples.map((sample) => [sample.seq, sample.at]);
    expect(kept.length).toBeGreaterThanOrEqual(2);

    release([resumer]);
    const [, report = ''] = await resumer.waitFor(/RESUMED (.+)\n/);
    expect(JSON.parse(report)).toEqual({ resumed: [canaryId], deciding: [] });
    await resumer.waitFor(/EXITING/);
    expect(await resumer.exited).toEqual({ code: 0, signal: null });
    expect(resumer.output()).not.toContain('ERROR');

    const after = await readBack(file, canaryId);
    expect(after.canary).toMatchObject({ status: 'promoted', decision: { rule: 'window_elapsed' } });
    // The samples taken before the crash are still there, unchanged, and no seq is stored twice.
    expect(after.samples.slice(0, kept.length).map((sample) => [sample.seq, sample.at])).toEqual(kept);
    const seqs = after.samples.map((sample) => sample.seq);
    expect(seqs).toEqual(seqs.map((_, index) => index + 1));
    // Every sample sits on the schedule; the ones taken after the restart come after the crash.
    for (const sample of after.samples) expect((sample.at - startedAt) % 250).toBe(0);
    expect(after.samples.length).toBeGreaterThan(kept.length);
    const decisions = after.events.filter(
      (event) => event.type === 'promoted' || event.type === 'rolled_back',
    );
    expect(decisions).toHaveLength(1);
    expect(after.events.filter((event) => event.type === 'started')).toHaveLength(1);
  }, 120_000);

  it('decides from the stored samples when the window passed while no process ran', async () => {
    const file = join(directory, 'cockpit.db');
    const { canaryId, windowEndsAt } = await startAndKill(file, {
      window: 3,
      interval: 0.25,
      minSamples: 2,
    });
    const kept = (await readBack(file, canaryId)).samples.length;
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowEndsAt - Date.now()) + 200));

    const [resumer] = await resumeTogether(file);
    if (resumer === undefined) throw new Error('no resumer');
    const [, report = ''] = await resumer.waitFor(/RESUMED (.+)\n/);
    expect(JSON.parse(report)).toEqual({ resumed: [], deciding: [canaryId] });
    expect(await resumer.exited).toEqual({ code: 0, signal: null });

    const after = await readBack(file, canaryId);
    expect(after.samples).toHaveLength(kept);
    expect(after.canary).toMatchObject({
      status: 'promoted',
      decidedAt: new Date(windowEndsAt).toISOString(),
      math: { counts: { samples: kept } },
    });
    const decisions = after.events.filter(
      (event) => event.type === 'promoted' || event.type === 'rolled_back',
    );
    expect(decisions).toHaveLength(1);
    expect(decisions[0]?.data).toMatchObject({ resumed: true });
  }, 120_000);

  it('decides once when two processes resume the same canary at the same time', async () => {
    const file = join(directory, 'cockpit.db');
    const { canaryId, windowEndsAt } = await startAndKill(file, {
      window: 3,
      interval: 0.25,
      minSamples: 2,
    });
    await new Promise((resolve) => setTimeout(resolve, Math.max(0, windowEndsAt - Date.now()) + 200));

    const resumers = await resumeTogether(file, 2);
    const exits = await Promise.all(resumers.map((resumer) => resumer.exited));
    expect(exits).toEqual([
      { code: 0, signal: null },
      { code: 0, signal: null },
    ]);
    // Each saw it running and raced to decide (the loser is told the winner's decision), or one
    // came second and found it decided; either way both report the same single decision.
    const decidedLines = resumers.flatMap((resumer) => /DECIDED (.+)\n/.exec(resumer.output())?.[1] ?? []);
    expect(decidedLines.length).toBeGreaterThanOrEqual(1);
    expect(new Set(decidedLines).size).toBe(1);
    const after = await readBack(file, canaryId);
    const decisions = after.events.filter(
      (event) => event.type === 'promoted' || event.type === 'rolled_back',
    );
    expect(decisions).toHaveLength(1);
    expect(resumers.map((resumer) => resumer.output()).join('')).not.toContain('ERROR');
  }, 120_000);
});
