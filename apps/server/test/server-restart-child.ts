/**
 * Child process of server-restart.test.ts: a whole cockpit (composed by openCockpit, as startServer does)
 * on a FILE database. It starts a long job and a canary, prints their ids once the job runs and the
 * canary has stored two samples, and keeps running until the test SIGKILLs it.
 *
 * Usage: node --import tsx test/server-restart-child.ts  (configuration from the environment)
 */
import { writeSync } from 'node:fs';
import { parseCanaryRequest } from '@lukhas/core';
import { loadCockpitConfig } from '../src/config/index.ts';
import { openCockpit } from '../src/wiring.ts';

const cockpit = await openCockpit(loadCockpitConfig(process.env, process.cwd()));
await cockpit.recover();
const job = await cockpit.jobs.submit({ taskId: 'long', configId: 'restart' }, 'alice');
const canary = await cockpit.canaries.start(
  parseCanaryRequest(
    {
      modelId: 'matriz-v3',
      fromGate: 'stage',
      toGate: 'production',
      windowSeconds: 4,
      intervalSeconds: 0.5,
      minSamples: 3,
      targets: { latency_p95_ms: 250, max_error_rate: 0.02 },
    },
    { bounds: cockpit.policyBounds },
  ),
  'alice',
);

for (;;) {
  const [running, samples] = await Promise.all([
    cockpit.store.getJob(job.jobId),
    cockpit.store.samplesOf(canary.canaryId),
  ]);
  if (running?.status === 'running' && samples.length >= 2) break;
  await new Promise((resolve) => setTimeout(resolve, 50));
}
writeSync(1, `${JSON.stringify({ jobId: job.jobId, canaryId: canary.canaryId })}\n`);
setInterval(() => {}, 60_000);
