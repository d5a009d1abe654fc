/**
 * `cockpit replay --policy a.json --policy b.json …`: every canary of the window re-judged under
 * each policy, side by side (HTML report, JSON, or one line per canary).
 */
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import {
  type NamedPolicy,
  type PolicyComparison,
  type RecordedDays,
  renderPolicyComparisonHtml,
  renderPolicyComparisonJson,
  replayPoliciesFromSource,
} from '@lukhas/replay';
import { booleanFlag, stringFlag } from '../args.ts';
import { failure } from '../cli-error.ts';
import type { CliIo, CommandArgs } from '../command.ts';
import {
  checkPolicies,
  emptyWindowLine,
  readPolicy,
  recordedIfEmpty,
  type SourceOptions,
  withReplaySource,
} from './replay-inputs.ts';

/** What the side-by-side replay needs from the command line. */
export interface ReplayComparisonRequest {
  readonly modelId: string;
  readonly window: { readonly from: string; readonly to: string };
  /** Each --policy as given: read from the working directory, shown by this name. */
  readonly policyArgs: readonly string[];
  readonly sourceOptions: SourceOptions;
  readonly args: CommandArgs;
}

/**
 * Reads every policy file first (each failure names its file), replays, then writes the report
 * and prints. Policies are named as given on the command line, so the same command gives the
 * same bytes wherever it runs from.
 */
export async function replayComparison(io: CliIo, request: ReplayComparisonRequest): Promise<number> {
  const { modelId, window, args } = request;
  const policies: NamedPolicy[] = [];
  for (const name of request.policyArgs) {
    policies.push({ name, policy: await readPolicy(path.resolve(io.cwd, name)) });
  }
  checkPolicies(policies);
  const { comparison, recorded } = await withReplaySource(io, request.sourceOptions, async (source) => {
    const comparison = await replayPoliciesFromSource({
      source,
      modelId,
      policies,
      window,
      signal: io.signal,
    });
    return { comparison, recorded: await recordedIfEmpty(source, comparison.canaries.length, modelId) };
  });
  const json = booleanFlag(args, 'json');
  const report = stringFlag(args, 'report');
  if (report !== undefined) {
    const file = path.resolve(io.cwd, report);
    await writeFile(file, renderPolicyComparisonHtml(comparison)).catch((error: unknown) => {
      throw failure(`cannot write the report to ${file}: ${(error as Error).message}`, error);
    });
    if (!json) io.stderr.write(`wrote ${file}\n`);
  }
  io.stdout.write(json ? renderPolicyComparisonJson(comparison) : comparisonLines(comparison, recorded));
  return 0;
}

/** One line per canary (actual, then each policy's decision) and one per policy with its totals. */
export function comparisonLines(comparison: PolicyComparison, recorded?: RecordedDays): string {
  const decision = (state: string, rule: string | null) => `${state}${rule === null ? '' : ` (${rule})`}`;
  const lines = comparison.canaries.map((canary) => {
    const policies = canary.decisions.map(
      (each) => `${each.policy}: ${decision(each.state, each.rule)}${each.differs === true ? ' *' : ''}`,
    );
    return `${canary.canaryId}  actual ${decision(canary.actual.state, canary.actual.rule)}  ${policies.join('  ')}`;
  });
  if (lines.length === 0) lines.push(emptyWindowLine(comparison.modelId, comparison.window, recorded));
  const median = (seconds: number | null) => (seconds === null ? '—' : `${seconds}s`);
  const { actual } = comparison.totals;
  lines.push(
    `actual: ${actual.promoted} promoted, ${actual.rolledBack} rolled back, ${actual.undecided} undecided, median ${median(actual.medianSecondsToDecision)} to decision`,
  );
  for (const totals of comparison.totals.policies) {
    lines.push(
      `${totals.policy}: ${totals.promoted} promoted, ${totals.rolledBack} rolled back, ${totals.undecided} undecided, ${totals.differ} differ from actual, median ${median(totals.medianSecondsToDecision)} to decision`,
    );
  }
  return `${lines.join('\n')}\n`;
}
