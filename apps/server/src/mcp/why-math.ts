/**
 * What `why_math` answers for an id: the math of a canary decision (thresholds, every sample, the
 * rule that fired, time from breach to action), found by canary id or by model id.
 */
import {
  type CanaryRecord,
  type CanaryStore,
  type DecisionMath,
  decideCanary,
  type JobStore,
} from '@lukhas/core';

/** The explanation of one canary's decision, or of its state so far while it runs. */
export interface WhyMath extends DecisionMath {
  /** The id asked about: the canary's own, or its model's. */
  readonly id: string;
  readonly canaryId: string;
  readonly modelId: string;
  readonly fromGate: string;
  readonly toGate: string;
  readonly status: CanaryRecord['status'];
  /** False while the canary runs: the math is then the rule applied to the samples so far, at `now`. */
  readonly decided: boolean;
  /** The policy's targets: the upper bound of each metric. */
  readonly thresholds: DecisionMath['policy']['targets'];
}

/** `why_math`'s answer: the math, or why there is none for that id. */
export type WhyMathAnswer =
  | { readonly found: true; readonly math: WhyMath }
  | { readonly found: false; readonly message: string };

/** The store reads `why_math` needs. */
export type WhyMathStore = Pick<CanaryStore, 'getCanary' | 'listCanaries' | 'samplesOf'> &
  Pick<JobStore, 'getJob'>;

/**
 * The math for `id`: a canary id gives that canary's; a model id gives its latest canary's; a job id
 * is refused with a pointer to `why`. A decided canary shows the math stored with its decision; a
 * running one the decision rule over the samples stored so far, at `now`.
 *
 * @example
 * const answer = await whyMath('canary_7fh2m9qz0c4d', { store, now: Date.now });
 * if (answer.found) console.log(answer.math.explanation);
 */
export async function whyMath(
  id: string,
  options: { readonly store: WhyMathStore; readonly now: () => number },
): Promise<WhyMathAnswer> {
  const { store } = options;
  let canary = await store.getCanary(id);
  if (canary === undefined) {
    [canary] = await store.listCanaries({ modelId: id, limit: 1 });
  }
  if (canary === undefined) {
    const job = await store.getJob(id);
    const message =
      job === undefined
        ? `nothing recorded for ${JSON.stringify(id)}: why_math takes a canary id (canary_…) or a model id; list_canaries shows them [NOT_FOUND]`
        : `${id} is an evaluation job: why_math explains canary decisions; use why for the story of a job [NOT_A_CANARY]`;
    return { found: false, message };
  }

  const decided = canary.status !== 'running';
  const math = canary.math ?? (await provisionalMath(canary, options));
  return {
    found: true,
    math: {
      id,
      canaryId: canary.canaryId,
      modelId: canary.modelId,
      fromGate: canary.fromGate,
      toGate: canary.toGate,
      status: canary.status,
      decided,
      thresholds: canary.policy.targets,
      ...math,
    },
  };
}

async function provisionalMath(
  canary: CanaryRecord,
  options: { readonly store: WhyMathStore; readonly now: () => number },
): Promise<DecisionMath> {
  const samples = await options.store.samplesOf(canary.canaryId);
  return decideCanary({
    policy: canary.policy,
    startedAt: Date.parse(canary.startedAt),
    now: options.now(),
    samples,
  }).math;
}
