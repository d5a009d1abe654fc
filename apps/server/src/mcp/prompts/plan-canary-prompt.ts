/**
 * `plan-canary {modelId}`: asks the assistant to propose a `start_canary` call for a model, with
 * the model's current gate, its narrative and its latest canary (record, samples, decision math)
 * embedded, so the plan can learn from the last rollout. A model with no history gets a plan from
 * the defaults.
 */
import type { GetPromptResult, McpServer } from '@modelcontextprotocol/server';
import * as v from 'valibot';
import { mcpSchema } from '../mcp-schema.ts';
import { requireProtocolScope } from '../protocol-access.ts';
import { completeModelIds, forReaders } from '../resources/id-completions.ts';
import { readCanary, readNarrative } from '../resources/resource-readers.ts';
import type { McpToolContext } from '../tool-context.ts';
import { completableArguments } from './completable-arguments.ts';
import { embedded, instruction } from './prompt-messages.ts';

/** The prompt's name, as `prompts/list` shows it. */
export const PLAN_CANARY_PROMPT = 'plan-canary';

const PlanCanaryArguments = v.strictObject({
  modelId: v.pipe(
    v.string(),
    v.minLength(1, 'a model id is required'),
    v.maxLength(256, 'a model id has at most 256 characters'),
    v.description('The model to roll out; completes from the models of the recent canaries.'),
  ),
});

/**
 * Registers the prompt on `server`.
 *
 * @example
 * registerPlanCanaryPrompt(server, context);
 */
export function registerPlanCanaryPrompt(server: McpServer, context: McpToolContext): void {
  const store = context.cockpit.store;
  server.registerPrompt(
    PLAN_CANARY_PROMPT,
    {
      title: 'Plan a canary rollout',
      description:
        "Proposes a start_canary call for a model: gates, SLO targets, window, traffic steps and baseline, from the model's " +
        'current gate, its narrative and its latest canary (with the decision math).',
      argsSchema: completableArguments(mcpSchema(PlanCanaryArguments), {
        modelId: forReaders(context, (typed) => completeModelIds(store, typed)),
      }),
    },
    async ({ modelId }): Promise<GetPromptResult> => {
      requireProtocolScope(context, 'read', `the ${PLAN_CANARY_PROMPT} prompt`);
      const reading = { store, now: context.now };
      const [model, [latest], narrative] = await Promise.all([
        store.getModel(modelId),
        store.listCanaries({ modelId, limit: 1 }),
        readNarrative(modelId, reading),
      ]);
      const latestCanary = latest === undefined ? undefined : await readCanary(latest.canaryId, reading);
      const history =
        latest === undefined
          ? `Model ${modelId} has no canary on record${model === undefined ? '' : ` (current gate: ${model.gate})`}: plan from the cockpit's defaults.`
          : `Model ${modelId} is at gate ${model?.gate ?? 'unknown'}; its latest canary ${latest.canaryId} (${latest.fromGate} → ${latest.toGate}) is ${latest.status}${latest.decision === null ? '' : ` (rule ${latest.decision.rule}: ${latest.decision.reason})`}.`;
      return {
        description: `Plan a canary for ${modelId}`,
        messages: [
          instruction(
            `${history}\n\nPropose one start_canary call for ${modelId}: modelId, fromGate and toGate, the policy ` +
              '(targets latency_p95_ms, max_error_rate and max_drift; windowSeconds, intervalSeconds, failureLimit, ' +
              'minSamples), traffic steps (setWeight and pause) if a gradual rollout fits, and a baseline with compare ' +
              'rules when the from-gate serves real traffic. Justify each number from the resources below (what the ' +
              'last canary observed, what rolled it back); where there is no history, say which values are defaults. ' +
              'Answer with the JSON arguments of the call, then the reasons.',
          ),
          ...(latestCanary === undefined ? [] : [embedded(latestCanary)]),
          ...(narrative === undefined ? [] : [embedded(narrative)]),
        ],
      };
    },
  );
}
