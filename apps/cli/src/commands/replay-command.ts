/** `cockpit replay`: re-judges a window of recorded samples (or Prometheus range data) under another policy. */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type RecordedDays,
  type ReplayResult,
  renderReplayHtml,
  renderReplayJson,
  replayFromSource,
} from '@lukhas/replay';
import { booleanFlag, requiredFlag, stringFlag } from '../args.ts';
import { failure, usageError } from '../cli-error.ts';
import type { Command } from '../command.ts';
import { replayComparison } from './replay-comparison.ts';
import {
  checkPolicies,
  emptyWindowLine,
  readPolicy,
  recordedIfEmpty,
  type SourceOptions,
  withReplaySource,
} from './replay-inputs.ts';

const NAME = 'replay';

/** The replay command. */
export const replayCommand: Command = {
  name: NAME,
  summary: 'counterfactual replay of a window under another SLO policy',
  usage: `Usage: cockpit replay --from ISO --to ISO --model M --policy FILE [--policy FILE …] [--report FILE] [--json] [--db PATH] [--gate G]

Re-judges every canary of the model with samples in [from, to] under the policy in FILE and
reports, per canary, the actual decision next to the counterfactual one. With several --policy,
re-judges every canary under each and reports them side by side: per canary the actual decision
and each policy's decision and time; per policy promoted, rolled back, decisions that differ from
the actual, and the median time to decision. Reads Prometheus range data when PROM_URL is set
(one synthetic canary on --gate), else the samples recorded in the database (with their baseline
readings, for a policy with compare).

Options:
  --from ISO      window start, ISO-8601 (required)
  --to ISO        window end, ISO-8601 (required)
  --model M       model id (required)
  --policy FILE   SLO policy JSON, e.g. configs/slo-prod.json (required; repeat to compare policies)
  --report FILE   write the self-contained HTML report there
  --json          print the replay result as JSON on stdout
  --db PATH       database file or postgres:// URL (default: $LUKHAS_MCP_DB, else ./lukhas-mcp.db)
  --gate G        gate queried with PROM_URL (default: production)
  --baseline-gate G
                  baseline gate queried with PROM_URL for a policy with compare and no baseline.gate
  -h, --help      show this help

Without --json, prints one line per canary: id, actual, counterfactual (or each policy's), difference.
The same inputs give byte-identical reports.

Examples:
  cockpit replay --from 2025-09-28T14:00:00Z --to 2025-09-28T15:00:00Z --model matriz-v3 \\
    --policy configs/slo-prod.json --report replay-1400.html
  cockpit replay --from 2025-09-28T00:00:00Z --to 2025-09-29T00:00:00Z --model matriz-v3 \\
    --policy configs/slo-prod.json --policy configs/slo-strict.json --report replay-day.html`,
  options: {
    from: { type: 'string' },
    to: { type: 'string' },
    model: { type: 'string' },
    policy: { type: 'string', multiple: true },
    report: { type: 'string' },
    json: { type: 'boolean' },
    db: { type: 'string' },
    gate: { type: 'string' },
    'baseline-gate': { type: 'string' },
  },
  async run(args, io) {
    const window = {
      from: requiredFlag(args, 'from', NAME, '2025-09-28T14:00:00Z'),
      to: requiredFlag(args, 'to', NAME, '2025-09-28T15:00:00Z'),
    };
    const modelId = requiredFlag(args, 'model', NAME, 'matriz-v3');
    const policyArgs = policyFlags(args.values.policy, io.cwd);
    const sourceOptions: SourceOptions = {
      db: stringFlag(args, 'db'),
      gate: stringFlag(args, 'gate') ?? 'production',
      baselineGate: stringFlag(args, 'baseline-gate'),
    };
    if (policyArgs.length > 1) {
      return replayComparison(io, { modelId, window, policyArgs, sourceOptions, args });
    }
    const policyFile = path.resolve(io.cwd, policyArgs[0] ?? '');
    const policy = await readPolicy(policyFile);
    checkPolicies([{ name: policyArgs[0] ?? policyFile, policy }]);
    const { result, recorded } = await withReplaySource(io, sourceOptions, async (source) => {
      const result = await replayFromSource({ source, modelId, policy, window, signal: io.signal });
      return { result, recorded: await recordedIfEmpty(source, result.canaries.length, modelId) };
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
    else io.stdout.write(summaryLines(result, recorded));
    return 0;
  },
};

// Each --policy as given, in order: at least one, none empty, no file twice.
function policyFlags(raw: unknown, cwd: string): string[] {
  const given = (Array.isArray(raw) ? raw : raw === undefined ? [] : [raw]).filter(
    (value): value is string => typeof value === 'string',
  );
  if (given.length === 0 || given.some((value) => value.trim() === '')) {
    throw usageError('--policy is required, e.g. --policy configs/slo-prod.json', NAME);
  }
  const seen = new Map<string, string>();
  for (const value of given) {
    const resolved = path.resolve(cwd, value);
    const earlier = seen.get(resolved);
    if (earlier !== undefined) throw usageError(`--policy ${value} is given twice (as ${earlier})`, NAME);
    seen.set(resolved, value);
  }
  return given;
}

/** One human line per canary plus the totals; an empty window says where recorded canaries are. */
export function summaryLines(result: ReplayResult, recorded?: RecordedDays): string {
  const lines = result.canaries.map((canary) => {
    const actual = `${canary.actual.state}${canary.actual.rule === null ? '' : ` (${canary.actual.rule})`}`;
    const counterfactual = `${canary.counterfactual.state}${canary.counterfactual.rule === null ? '' : ` (${canary.counterfactual.rule})`}`;
    return `${canary.canaryId}  actual ${actual}  replay ${counterfactual}  → ${canary.difference.summary}`;
  });
  if (lines.length === 0) lines.push(emptyWindowLine(result.modelId, result.window, recorded));
  const { totals } = result;
  lines.push(
    `${totals.canaries} canaries, ${totals.samples} samples: ${totals.same} same, ${totals.changed} changed (${totals.wouldHavePromoted} would have promoted, ${totals.wouldHaveRolledBack} would have rolled back), ${totals.undecided} undecided`,
  );
  return `${lines.join('\n')}\n`;
}
