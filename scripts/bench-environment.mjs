// What a benchmark run's figures depend on: the machine, its load, the Node and pnpm versions and
// the commit measured. Read-only: git is asked with optional locks off, so it never writes the index.
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import os from 'node:os';

/** The machine as Node sees it. */
export function describeMachine() {
  const cpus = os.cpus();
  return {
    cpuModel: cpus[0]?.model.trim() ?? 'unknown',
    cpuCount: cpus.length,
    memoryGiB: Math.round((os.totalmem() / 2 ** 30) * 10) / 10,
    os: distribution() ?? os.type(),
    kernel: `${os.type()} ${os.release()}`,
    arch: os.arch(),
  };
}

/** The 1-minute load average, rounded to 0.01; other work on the machine shows here. */
export function loadAverage() {
  return Math.round((os.loadavg()[0] ?? 0) * 100) / 100;
}

/** Node and pnpm versions and the commit, `dirty` when tracked files differ from it. */
export function describeSoftware(root) {
  const sha = run('git', ['rev-parse', 'HEAD'], root);
  const changes = run('git', ['status', '--porcelain', '--untracked-files=no'], root);
  return {
    node: process.version,
    pnpm: run('pnpm', ['--version'], root) ?? 'unknown',
    commit: { sha: sha ?? 'unknown', dirty: changes === null ? null : changes.length > 0 },
  };
}

function distribution() {
  try {
    return /^PRETTY_NAME="?([^"\n]*)"?$/m.exec(readFileSync('/etc/os-release', 'utf8'))?.[1] ?? null;
  } catch {
    return null;
  }
}

function run(command, args, cwd) {
  const result = spawnSync(command, args, {
    cwd,
    encoding: 'utf8',
    env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' },
  });
  return result.status === 0 ? result.stdout.trim() : null;
}
