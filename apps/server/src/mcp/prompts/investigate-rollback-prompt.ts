/**
 * `investigate-rollback {canaryId}`: asks the assistant to explain a canary's rollback (or, for a
 * canary not rolled back, where it stands), with the canary resource (record, samples, decision
 * math) and its narrative embedded.
 */
import {
  type GetPromptResult,
  type McpServer,
  ProtocolError,
  ProtocolErrorCode,
} from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { mcpSchema } from '../mcp-schema.ts';
import { requireProtocolScope } from '../protocol-access.ts';
import { completeCanaryIds, forReaders } from '../resources/id-completions.ts';
import { readCanary, readNarrative } from '../resources/resource-readers.ts';
import type { McpToolContext } from '../tool-context.ts';
import { completableArguments } from './completable-arguments.ts';
import { embedded, instruction } from './prompt-messages.ts';

/** The prompt's name, as `prompts/list` shows it. */
export const INVESTIGATE_ROLLBACK_PROMPT = 'investigate-rollback';

const InvestigateRollbackArguments = v.strictObject({
  canaryId: v.pipe(
    v.string(),
    v.minLength(1, 'a canary id is required (canary_…; list_canaries shows them)'),
    v.maxLength(256, 'a canary id has at most 256 characters'),
    v.description('The canary to investigate (canary_…); completes from the recent canaries.'),
  ),
});

/**
 * Registers the prompt on `server`.
 *
 * @example
 * registerInvestigateRollbackPrompt(server, context);
 */
export function registerInvestigateRollbackPrompt(server: McpServer, context: McpToolContext): void {
  const store = context.cockpit.store;
  server.registerPrompt(
    INVESTIGATE_ROLLBACK_PROMPT,
    {
      title: 'Investigate a canary rollback',
      description:
        'Why did this canary roll back? Embeds the canary (record, every sample, the decision math) and ' +
        'its narrative, and asks for the breach, the rule that fired, the time to action and what to change.',
      argsSchema: completableArguments(mcpSchema(InvestigateRollbackArguments), {
        canaryId: forReaders(context, (typed) => completeCanaryIds(store, typed)),
      }),
    },
    async ({ canaryId }): Promise<GetPromptResult> => {
      requireProtocolScope(context, 'read', `the ${INVESTIGATE_ROLLBACK_PROMPT} prompt`);
      const reading = { store, now: context.now };
      const [canary, narrative] = await Promise.all([
        readCanary(canaryId, reading),
        readNarrative(canaryId, reading),
      ]);
      const record = await store.getCanary(canaryId);
      if (canary === undefined || record === undefined) {
        throw new ProtocolError(
          ProtocolErrorCode.InvalidParams,
          `no canary ${JSON.stringify(canaryId)}; list_canaries shows the recent ones [CANARY_NOT_FOUND]`,
        );
      }
      const subject = `Canary ${record.canaryId} of model ${record.modelId} (${record.fromGate} → ${record.toGate})`;
      const situation =
        record.status === 'rolled_back' && record.decision !== null
          ? `${subject} rolled back by the rule ${record.decision.rule}: ${record.decision.reason}.`
          : `${subject} is ${record.status}; it has not rolled back. Say where it stands and what would roll it back.`;
      return {
        description: `Investigate ${record.canaryId} (${record.status})`,
        messages: [
          instruction(
            `${situation}\n\nUsing the canary resource (its policy, every sample with its breaches, and the decision ` +
              'math: thresholds, counts, the rule that fired, baseline comparisons) and its narrative below, explain: ' +
              'which metrics breached, in which samples (by seq) and by how much against the thresholds; whether the ' +
              'baseline comparison or missing data decided; how long it took from the first breach to the action; and ' +
              'what to change (the model, the policy, or the traffic steps) before trying again. Quote numbers from the ' +
              'resources; do not guess values they do not show.',
          ),
          embedded(canary),
          ...(narrative === undefined ? [] : [embedded(narrative)]),
        ],
      };
    },
  );
}
