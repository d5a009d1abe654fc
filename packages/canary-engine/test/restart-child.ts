/**
 * Child process of restart.test.ts: a cockpit's canary engine over a database FILE.
 *
 * Usage: node --import tsx test/restart-child.ts <database file> start <windowSeconds> <intervalSeconds> <minSamples>
 *        node --import tsx test/restart-child.ts <database file> resume
 *
 * `start` starts one canary and runs until killed; `resume` says READY, waits for a line on stdin,
 * resumes every running canary, waits for their decisions and exits. Progress goes to stdout,
 * one line per fact.
 */
import { writeSync } from 'node:fs';
import { parseCanaryRequest } from '@lukhas/core';
import { closeDatabase, createCockpitStore, migrateToLatest, openDatabase } from '@lukhas/persistence';
import { createStubMonitor } from '@lukhas/slo-prom';
import { createCanaryEngine } from '../src/index.ts';
import { TEST_POLICY_BOUNDS } from './engine-harness.ts';

const [file, mode, windowSeconds, intervalSeconds, minSamples] = process.argv.slice(2);
if (file === undefined || (mode !== 'start' && mode !== 'resume')) {
  throw new Error('usage: restart-child.ts <database file> start|resume [window interval minSamples]');
}
const say = (line: string) => writeSync(1, `${line}\n`);

const db = openDatabase({ file });
await migrateToLatest(db, { file });
const store = createCockpitStore(db, {
  onEvent: (event) =>
    say(`EVENT ${event.type} ${event.type === 'metric' ? String(event.data.seq) : event.entityId}`),
});
const engine = createCanaryEngine({
  store,
  monitor: createStubMonitor({ jitter: 0 }),
  onError: (error) => say(`ERROR ${error.code} ${error.message}`),
  policyBounds: TEST_POLICY_BOUNDS,
});

if (mode === 'start') {
  const canary = await engine.start(
    parseCanaryRequest(
      {
        modelId: 'restart-model',
        fromGate: 'stage',
        toGate: 'production',
        windowSeconds: Number(windowSeconds),
        intervalSeconds: Number(intervalSeconds),
        minSamples: Number(minSamples),
        targets: { latency_p95_ms: 500, max_error_rate: 0.01 },
      },
      { bounds: TEST_POLICY_BOUNDS },
    ),
    'restart-test',
  );
  say(`STARTED ${canary.canaryId} ${canary.startedAt} ${canary.windowEndsAt}`);
} else {
  // Wait for the parent's go, so two resuming processes can be released at the same instant.
  say('READY');
  await new Promise<void>((resolve) => process.stdin.once('data', () => resolve()));
  const report = await engine.resume();
  say(`RESUMED ${JSON.stringify(report)}`);
  for (const canaryId of [...report.resumed, ...report.deciding]) {
    const decided = await engine.whenDecided(canaryId);
    say(`DECIDED ${JSON.stringify({ canaryId, status: decided.status, decidedAt: decided.decidedAt })}`);
  }
  await engine.stop();
  await closeDatabase(db);
  say('EXITING');
}
