/**
 * The wire contract of the canary tools (`start_canary`, `get_canary`, `list_canaries`,
 * `abort_canary`, `promote_canary`): their arguments and results, from which the server's `tools/list` schemas and
 * the client's types derive. `start_canary`'s arguments are core's parser schema itself
 * (`StartCanaryArgumentsSchema`, in `canary-request.ts`).
 */
import * as v from 'valibot';
import { CANARY_LIST_LIMIT } from './ports.ts';
import { CanaryRecordSchema, SampleSchema } from './record-schemas.ts';
import { CANARY_STATUSES } from './statuses.ts';
import { idArgument, limitArgument, textArgument, toolArguments } from './tool-arguments.ts';

const CANARY_ID_EXAMPLE = 'canary_7fh2m9qz0c4d';

/** `get_canary` arguments. */
export const GetCanaryArgumentsSchema = toolArguments('`get_canary` arguments.', {
  canaryId: idArgument('canaryId', CANARY_ID_EXAMPLE, 'the canary to read'),
});

/** `get_canary` result: the canary with every sample so far. */
export const CanaryWithSamplesSchema = v.pipe(
  v.object({
    ...CanaryRecordSchema.entries,
    samples: v.pipe(v.array(SampleSchema), v.description('every SLO sample taken so far, in order')),
  }),
  v.description('`get_canary` result: the canary with every sample so far.'),
);

/** `list_canaries` arguments. */
export const ListCanariesArgumentsSchema = toolArguments('`list_canaries` arguments.', {
  status: v.optional(
    v.pipe(
      v.picklist(CANARY_STATUSES, `expected status to be one of ${CANARY_STATUSES.join(', ')}`),
      v.description('only canaries in this status'),
    ),
  ),
  modelId: v.optional(idArgument('modelId', 'lukhas-v2', 'only canaries of this model')),
  limit: limitArgument({ max: CANARY_LIST_LIMIT.max, fallback: CANARY_LIST_LIMIT.default }),
  before: v.optional(
    idArgument(
      'before',
      CANARY_ID_EXAMPLE,
      'the next page: the canaries listed after this one (a `next` of the last page)',
    ),
  ),
});

/** `list_canaries` result, newest first, without the decision math. */
export const ListCanariesResultSchema = v.pipe(
  v.object({
    canaries: v.array(CanaryRecordSchema),
    next: v.pipe(
      v.nullable(v.string()),
      v.description('pass as `before` for the next page; null when this page was not full (the last one)'),
    ),
  }),
  v.description('`list_canaries` result, newest first, without the decision math.'),
);

/** `abort_canary` arguments; the reason goes to the audit trail. */
export const AbortCanaryArgumentsSchema = toolArguments('`abort_canary` arguments.', {
  canaryId: idArgument('canaryId', CANARY_ID_EXAMPLE, 'the running canary to roll back'),
  reason: textArgument('reason', 'why it is aborted, e.g. "manual override"; recorded in the audit trail'),
});

/** `promote_canary` arguments: resume a paused canary, or with `full` promote it at once. */
export const PromoteCanaryArgumentsSchema = toolArguments('`promote_canary` arguments.', {
  canaryId: idArgument('canaryId', CANARY_ID_EXAMPLE, 'the paused canary to resume'),
  full: v.optional(
    v.pipe(
      v.boolean('expected full to be a boolean'),
      v.description('true: skip every remaining step and promote at once (audited as such)'),
    ),
  ),
});
