/** The cockpit's prompts, registered together. */
import type { McpServer } from '@modelcontextprotocol/server';
import type { McpToolContext } from '../tool-context.ts';
import {
  INVESTIGATE_ROLLBACK_PROMPT,
  registerInvestigateRollbackPrompt,
} from './investigate-rollback-prompt.ts';
import { PLAN_CANARY_PROMPT, registerPlanCanaryPrompt } from './plan-canary-prompt.ts';

/** The prompt names, in the order `prompts/list` shows them. */
export const COCKPIT_PROMPTS = [INVESTIGATE_ROLLBACK_PROMPT, PLAN_CANARY_PROMPT] as const;

/**
 * Registers every prompt on `server`.
 *
 * @example
 * registerCockpitPrompts(server, context);
 */
export function registerCockpitPrompts(server: McpServer, context: McpToolContext): void {
  registerInvestigateRollbackPrompt(server, context);
  registerPlanCanaryPrompt(server, context);
}
