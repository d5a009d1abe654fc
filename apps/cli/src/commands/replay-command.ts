/** `cockpit replay`: re-judges a window of recorded samples (or Prometheus range data) under another policy. */
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { isDomainError } from '@lukhas/core';
import {
  isReplayError,
  prometheusReplaySource,
  type ReplayResult,
  type ReplaySource,
  renderReplayHtml,
  renderReplayJson,
  replayFromSource,
  storeReplaySource,
} from '@lukhas/replay';
import { createPrometheusMonitor, isSloPromError, parsePrometheusSettings } from '@lukhas/slo-prom';
import { booleanFlag, requiredFlag, stringFlag } from '../args.ts';
import { failure } from '../cli-error.ts';
import type { CliIo, Command } from '../command.ts';
import { openStore } from '../open-store.ts';

const NAME = 'replay';

/** The replay command. */
export const replayCommand: Command = {
  name: NAME,
  summary: 'counterfactual replay of a window under another SLO policy',
  usage: `Usage: cockpit replay --from ISO --to ISO --model M --policy FILE [--report FILE] [--json] [--db PATH] [--gate G]

Re-judges every canary of the model with samples in [from, to] under the policy in FILE and
reports, per canary, the actual decision next to the counterfactual one. Reads Prometheus range
data when PROM_URL is set (one synthetic canary on --gate), else the samples recorded in the
database.

Options:
  --from ISO      window start, ISO-8601 (required)
  --to ISO        window end, ISO-8601 (required)
  --model M       model id (required)
  --policy FILE   SLO policy JSON, e.g. configs/slo-prod.json (required)
  --report FILE   write the self-contained HTML report there
  --json          print the replay result as JSON on stdout
  --db PATH       database file (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  --gate G        gate queried with PROM_URL (default: production)
  -h, --help      show this help

Without --json, prints one line per canary: id, actual, counterfactual, difference.

Example:
  cockpit replay --from 2025-09-28T14:00:00Z --to 2025-09-28T15:00:00Z --model matriz-v3 \\
    --policy configs/slo-prod.json --report replay-1400.html`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    model: { type: 'string' },
    policy: { type: 'string' },
    report: { type: 'string' },
    json: { type: 'boolean' },
    db: { type: 'string' },
    gate: { type: 'string' },
  },
  async run(args, io) {
    const window = {
      from: requiredFlag(args, 'from', NAME, '2025-09-28T14:00:00Z'),
      to: requiredFlag(args, 'to', NAME, '2025-09-28T15:00:00Z'),
    };
    const modelId = requiredFlag(args, 'model', NAME, 'matriz-v3');
    const policyFile = path.resolve(io.cwd, requiredFlag(args, 'policy', NAME, 'configs/slo-prod.json'));
    const policy = await readPolicy(policyFile);
    const result = await replay(io, {
      modelId,
      policy,
      window,
      db: stringFlag(args, 'db'),
      gate: stringFlag(args, 'gate') ?? 'production',
    });

    const report = stringFlag(args, 'report');
    if (report !== undefined) {
      const file = path.resolve(io.cwd, report);
      await writeFile(file, renderReplayHtml(result)).catch((error: unknown) => {
        throw failure(`cannot write the report to ${file}: ${(error as Error).message}`, error);
      });
      if (!booleanFlag(args, 'json')) io.stderr.write(`wrote ${file}\n`);
    }
    if (booleanFlag(args, 'json')) io.stdout.write(renderReplayJson(result));
    else io.stdout.write(summaryLines(result));
    return 0;
  },
};

interface ReplayRequest {
  readonly modelId: string;
  readonly policy: unknown;
  readonly window: { readonly from: string; readonly to: string };
  readonly db: string | undefined;
  readonly gate: string;
}

async function replay(io: CliIo, request: ReplayRequest): Promise<ReplayResult> {
  const { modelId, policy, window } = request;
  let prometheus: ReturnType<typeof parsePrometheusSettings>;
  try {
    prometheus = parsePrometheusSettings(io.env);
  } catch (error) {
    if (isSloPromError(error)) throw failure(`${error.message}: fix PROM_URL or unset it`, error);
    throw error;
  }
  const run = (source: ReplaySource) =>
    replayFromSource({ source, modelId, policy, window, signal: io.signal }).catch((error: unknown) => {
      if (isReplayError(error)) throw failure(`${error.message} (--from/--to: ISO-8601 times)`, error);
      if (isDomainError(error)) throw failure(`the policy is not usable: ${error.message}`, error);
      if (isSloPromError(error)) {
        throw failure(
          `Prometheus range query failed: ${error.message}; check PROM_URL or unset it to replay stored samples`,
          error,
        );
      }
      throw error;
    });
  if (prometheus !== undefined) {
    return run(prometheusReplaySource({ monitor: createPrometheusMonitor(prometheus), gate: request.gate }));
  }
  const opened = await openStore(request.db, io);
  try {
    return await run(storeReplaySource(opened.store));
  } finally {
    await opened.close();
  }
}

async function readPolicy(file: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (error) {
    throw failure(
      `cannot read the policy file ${file}: ${(error as Error).message}; pass --policy configs/slo-prod.json`,
      error,
    );
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw failure(`the policy file ${file} is not JSON: ${(error as Error).message}`, error);
  }
}

/** One human line per canary plus the totals. */
export function summaryLines(result: ReplayResult): string {
  const lines = result.canaries.map((canary) => {
    const actual = `${canary.actual.state}${canary.actual.rule === null ? '' : ` (${canary.actual.rule})`}`;
    const counterfactual = `${canary.counterfactual.state}${canary.counterfactual.rule === null ? '' : ` (${canary.counterfactual.rule})`}`;
    return `${canary.canaryId}  actual ${actual}  replay ${counterfactual}  → ${canary.difference.summary}`;
  });
  if (lines.length === 0)
    lines.push(`no canary of ${result.modelId} has samples in ${result.window.from} … ${result.window.to}`);
  const { totals } = result;
  lines.push(
    `${totals.canaries} canaries, ${totals.samples} samples: ${totals.same} same, ${totals.changed} changed (${totals.wouldHavePromoted} would have promoted, ${totals.wouldHaveRolledBack} would have rolled back), ${totals.undecided} undecided`,
  );
  return `${lines.join('\n')}\n`;
}
