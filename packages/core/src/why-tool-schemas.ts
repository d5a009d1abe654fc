/**
 * The wire contract of `why` (the narrative audit trail of any id) and `why_math` (the numbers
 * behind a canary decision): their arguments and results.
 */
import * as v from 'valibot';
import { CanaryStatusSchema, DecisionMathSchema, PolicySchema } from './record-schemas.ts';
import { idArgument, toolArguments } from './tool-arguments.ts';

/** `why` arguments: a job, canary or model id. */
export const WhyArgumentsSchema = toolArguments('`why` arguments: a job, canary or model id.', {
  id: idArgument('id', 'canary_7fh2m9qz0c4d', 'a job id, a canary id or a model id'),
});

/** `why` result: the narrative lines, oldest first. */
export const WhyResultSchema = v.pipe(
  v.object({
    id: v.string(),
    lines: v.pipe(
      v.array(v.string()),
      v.description('"[YYYY-MM-DD HH:MM] subject → what", UTC, oldest first'),
    ),
  }),
  v.description('`why` result: the narrative lines, oldest first.'),
);

/** `why_math` arguments: a canary id, or a model id for its latest canary. */
export const WhyMathArgumentsSchema = toolArguments('`why_math` arguments: a canary or model id.', {
  id: idArgument('id', 'canary_7fh2m9qz0c4d', 'a canary id, or a model id for its latest canary'),
});

/** `why_math` result: the canary, its thresholds and the math of its decision (or of the samples so far). */
export const WhyMathResultSchema = v.pipe(
  v.object({
    id: v.string(),
    canaryId: v.string(),
    modelId: v.string(),
    fromGate: v.string(),
    toGate: v.string(),
    status: CanaryStatusSchema,
    decided: v.pipe(
      v.boolean(),
      v.description('false while running: the math is the rule over the samples so far'),
    ),
    thresholds: v.pipe(
      PolicySchema.entries.targets,
      v.description('the upper bound of each targeted metric'),
    ),
    ...DecisionMathSchema.entries,
  }),
  v.description(
    '`why_math` result: the canary, its thresholds and the math of its decision (or of the samples so far).',
  ),
);
