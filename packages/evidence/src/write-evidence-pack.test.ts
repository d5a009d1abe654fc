import { execFile } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdir, mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Writable } from 'node:stream';
import { promisify } from 'node:util';
import type { AuditEntry } from '@lukhas/core';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { EvidenceStore } from './evidence-entries.ts';
import { filledEvidenceStore, T0 } from './fixtures/evidence-store.ts';
import { EVIDENCE_FILES, writeEvidencePack } from './write-evidence-pack.ts';

const run = promisify(execFile);
const RANGE = { from: T0, to: T0 + 10_000 };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(tmpdir(), 'evidence-pack-'));
});

afterEach(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('writeEvidencePack', () => {
  it('writes a zip that unzip extracts and sha256sum -c verifies, with every file in range', async () => {
    const store = await filledEvidenceStore();
    const zip = path.join(dir, 'pack.zip');
    const progress: string[] = [];
    const summary = await writeEvidencePack({
      store,
      range: RANGE,
      serverVersion: '9.9.9',
      generatedAt: T0 + 20_000,
      output: createWriteStream(zip),
      onProgress: (digest) => progress.push(digest.name),
    });
    await store.close();

    const out = path.join(dir, 'out');
    await run('unzip', ['-q', zip, '-d', out]);
    expect((await readdir(out)).sort()).toEqual([...EVIDENCE_FILES].sort());
    const check = await run('sha256sum', ['-c', 'SHA256SUMS'], { cwd: out });
    expect(check.stdout.trim().split('\n').sort()).toEqual(
      EVIDENCE_FILES.filter((name) => name !== 'SHA256SUMS')
        .map((name) => `${name}: OK`)
        .sort(),
    );
    const listing = await run('unzip', ['-Z1', zip]);
    expect(listing.stdout.trim().split('\n')).toEqual([...EVIDENCE_FILES]);
    expect(progress).toEqual(EVIDENCE_FILES.filter((name) => name !== 'SHA256SUMS'));
    expect(summary.entries.map((entry) => entry.name)).toEqual(progress);

    const read = (name: string) => readFile(path.join(out, name), 'utf8');
    const meta = JSON.parse(await read('meta.json'));
    expect(meta).toMatchObject({
      format: 'lukhas-evidence-pack/1',
      range: { from: '2025-10-03T14:20:00.000Z', to: '2025-10-03T14:20:10.000Z' },
      generated_at: '2025-10-03T14:20:20.000Z',
      server_version: '9.9.9',
      // 2 jobs + canary started + 3 samples + rolled back.
      counts: { audits: 7, audits_csv: 7, narrative: 7, canary_samples: 3, decisions: 1, file_changes: 0 },
    });
    expect(meta.files.map((file: { name: string }) => file.name)).toEqual([...EVIDENCE_FILES]);

    const audits = JSON.parse(await read('audits.json')) as AuditEntry[];
    expect(audits.map((audit) => audit.action)).toEqual([
      'job.queued',
      'job.queued',
      'canary.started',
      'canary.metric',
      'canary.metric',
      'canary.metric',
      'canary.rolled_back',
    ]);
    expect(audits[0]?.actor).toBe('=HYPERLINK("http://evil")');

    const csv = await read('audits.csv');
    expect(csv.startsWith('id,created_at,actor,action,entity_type,entity_id,details\r\n')).toBe(true);
    expect(csv).toContain(`1,2025-10-03T14:20:00.000Z,"'=HYPERLINK(""http://evil"")",job.queued,job,job_1,`);
    expect(csv).toContain('"ops, ""night"""');
    expect(csv).toContain('"{""status"":""queued"",""note"":""eval \\""b\\"" → queued\\nsecond line""}"');

    const narrative = (await read('narrative.txt')).split('\n');
    expect(narrative).toHaveLength(8);
    expect(narrative[0]).toBe('[2025-10-03 14:20] eval "a" → queued');
    expect(narrative[1]).toBe('[2025-10-03 14:20] eval "b" → queued\\nsecond line');
    expect(narrative.at(-1)).toBe('');

    const samples = (await read('canary-samples.csv')).split('\r\n');
    expect(samples[0]).toMatch(/^id,canary_id,model_id,gate,seq,at,latency_p95_ms,/);
    expect(samples[3]).toMatch(
      /^\d+,canary_1,matriz-v3,production,3,2025-10-03T14:20:04.000Z,900,0.001,,900,/,
    );
    expect(samples[3]).toContain(',true,"[{""metric"":""latency_p95_ms"",""value"":900,""target"":800}]"');

    const decisions = JSON.parse(await read('decisions.json'));
    expect(decisions).toEqual([
      expect.objectContaining({
        canaryId: 'canary_1',
        status: 'rolled_back',
        decision: { outcome: 'rollback', rule: 'breach_limit', reason: 'latency_p95_ms 900 > 800' },
        math: { summary: 'rolled back at sample 3' },
      }),
    ]);
  });

  it('lists every file change in range in file-changes.json, with who, the hashes and the diff', async () => {
    const store = await filledEvidenceStore();
    const diff =
      '--- a/configs/slo-prod.json\n+++ b/configs/slo-prod.json\n@@ -1 +1 @@\n-{"a":1}\n+{"a":2}\n';
    const details = {
      path: 'configs/slo-prod.json',
      change: 'patched',
      beforeSha256: 'b'.repeat(64),
      afterSha256: 'a'.repeat(64),
      size: 8,
      added: 1,
      removed: 1,
    };
    await store.recordTransition({
      at: T0 + 5_000,
      operator: 'key:ab12cd34',
      file: { path: 'configs/slo-prod.json' },
      audit: { action: 'file.patched', details: { ...details, diff } },
      narrative: { eventType: 'patched', message: 'key:ab12cd34 → patched configs/slo-prod.json (+1 −1)' },
      event: { type: 'patched', data: details },
    });
    const zip = path.join(dir, 'files.zip');
    await writeEvidencePack({
      store,
      range: RANGE,
      serverVersion: '9.9.9',
      generatedAt: T0 + 20_000,
      output: createWriteStream(zip),
    });
    // A store without the filtered read: file-changes.json filters every audit row itself, same bytes.
    const unfiltered: EvidenceStore = {
      auditsBetween: store.auditsBetween.bind(store),
      narrativeBetween: store.narrativeBetween.bind(store),
      samplesBetween: store.samplesBetween.bind(store),
      canariesDecidedBetween: store.canariesDecidedBetween.bind(store),
    };
    const unfilteredZip = path.join(dir, 'unfiltered.zip');
    await writeEvidencePack({
      store: unfiltered,
      range: RANGE,
      serverVersion: '9.9.9',
      generatedAt: T0 + 20_000,
      output: createWriteStream(unfilteredZip),
    });
    await store.close();
    const out = path.join(dir, 'out');
    await run('unzip', ['-q', zip, '-d', out]);
    await run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out });
    await run('unzip', ['-q', unfilteredZip, 'file-changes.json', '-d', path.join(dir, 'unfiltered')]);
    expect(await readFile(path.join(dir, 'unfiltered', 'file-changes.json'), 'utf8')).toBe(
      await readFile(path.join(out, 'file-changes.json'), 'utf8'),
    );
    expect(JSON.parse(await readFile(path.join(out, 'file-changes.json'), 'utf8'))).toEqual([
      {
        id: expect.any(Number),
        at: '2025-10-03T14:20:05.000Z',
        operator: 'key:ab12cd34',
        action: 'file.patched',
        path: 'configs/slo-prod.json',
        beforeSha256: 'b'.repeat(64),
        afterSha256: 'a'.repeat(64),
        added: 1,
        removed: 1,
        diff,
      },
    ]);
    expect(JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8')).counts.file_changes).toBe(1);
    expect(await readFile(path.join(out, 'narrative.txt'), 'utf8')).toContain(
      '[2025-10-03 14:20] key:ab12cd34 → patched configs/slo-prod.json (+1 −1)',
    );
  });

  it('writes empty arrays and header-only CSVs for an empty range, still verifiable', async () => {
    const store = await filledEvidenceStore();
    const zip = path.join(dir, 'empty.zip');
    await writeEvidencePack({
      store,
      range: { from: T0 - 60_000, to: T0 - 1 },
      serverVersion: '9.9.9',
      generatedAt: T0,
      output: createWriteStream(zip),
    });
    await store.close();
    const out = path.join(dir, 'out');
    await run('unzip', ['-q', zip, '-d', out]);
    await run('sha256sum', ['-c', '--strict', 'SHA256SUMS'], { cwd: out });
    expect(await readFile(path.join(out, 'audits.json'), 'utf8')).toBe('[]\n');
    expect(await readFile(path.join(out, 'narrative.txt'), 'utf8')).toBe('');
    expect(JSON.parse(await readFile(path.join(out, 'meta.json'), 'utf8')).counts).toEqual({
      audits: 0,
      audits_csv: 0,
      narrative: 0,
      canary_samples: 0,
      decisions: 0,
      file_changes: 0,
    });
  });

  it('rejects and destroys the output when a read fails half-way', async () => {
    const filled = await filledEvidenceStore();
    const failing: EvidenceStore = {
      ...filled,
      auditsBetween: filled.auditsBetween.bind(filled),
      narrativeBetween: async function* (range) {
        let seen = 0;
        for await (const entry of filled.narrativeBetween(range)) {
          if (++seen === 3) throw new Error('disk I/O error');
          yield entry;
        }
      },
      samplesBetween: filled.samplesBetween.bind(filled),
      canariesDecidedBetween: filled.canariesDecidedBetween.bind(filled),
      // The spread copied the store's page read of the narrative; the failing row read above is
      // the one to use.
      narrativeLinePagesBetween: undefined,
    };
    const output = createWriteStream(path.join(dir, 'broken.zip'));
    await expect(
      writeEvidencePack({ store: failing, range: RANGE, serverVersion: '1', generatedAt: T0, output }),
    ).rejects.toThrow(/disk I\/O error/);
    expect(output.destroyed).toBe(true);
    await filled.close();
  });

  it('writes the same bytes from a store offering only the row reads', async () => {
    const store = await filledEvidenceStore();
    const rowsOnly: EvidenceStore = {
      auditsBetween: store.auditsBetween.bind(store),
      narrativeBetween: store.narrativeBetween.bind(store),
      samplesBetween: store.samplesBetween.bind(store),
      canariesDecidedBetween: store.canariesDecidedBetween.bind(store),
    };
    const entries = async (from: EvidenceStore) => {
      const summary = await writeEvidencePack({
        store: from,
        range: RANGE,
        serverVersion: '9.9.9',
        generatedAt: T0 + 20_000,
        output: createWriteStream(path.join(dir, `${from === store ? 'pages' : 'rows'}.zip`)),
      });
      return summary.entries;
    };
    const fromPages = await entries(store);
    const fromRows = await entries(rowsOnly);
    await store.close();
    expect(fromRows).toEqual(fromPages);
    expect(fromPages.find((entry) => entry.name === 'narrative.txt')?.rows).toBe(7);
  });

  it('rejects, leaving nothing behind, when the output is closed half-way (a client that hung up)', async () => {
    const store = await filledEvidenceStore();
    let taken = 0;
    const output = new Writable({
      highWaterMark: 64,
      write(chunk: Buffer, _encoding, callback) {
        taken += chunk.length;
        callback();
        if (taken > 200) this.destroy();
      },
    });
    const tempDir = path.join(dir, 'spool');
    await mkdir(tempDir);
    await expect(
      writeEvidencePack({ store, range: RANGE, serverVersion: '1', generatedAt: T0, output, tempDir }),
    ).rejects.toThrow(/closed/);
    await store.close();
    // The deflated audits.csv waiting there is gone too.
    expect(await readdir(tempDir)).toEqual([]);
  });
});
