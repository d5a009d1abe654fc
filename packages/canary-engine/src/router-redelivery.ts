/**
 * Router calls stay synchronous (the ladder needs the router's answer before it records a step or
 * a decision: "router → step → decision", see `final-weight.ts`). The one call that can be left
 * unmade is a rollback's weight 0: when the router keeps failing, the rollback is recorded anyway,
 * and the router still sends traffic to `toGate`. That call is written to the outbox with the
 * decision, and a relay makes it again (same idempotency key) until the router takes it.
 */
import type { CanaryRecord, OutboxMessage, OutboxSettlement, TrafficSplit } from '@lukhas/core';
import { routerRedelivered } from '@lukhas/narrative';
import { messageOf } from './canary-engine-error.ts';
import type { RunnerContext } from './runner-context.ts';

/** The outbox kind of a router weight owed since a decision. */
export const ROUTER_WEIGHT_KIND = 'router.weight';

/** What the outbox keeps of a router call. */
interface StoredRouterCall {
  readonly split: TrafficSplit;
  readonly weight: number;
}

/** The weight-0 call a rollback owes when the router did not take it; its key is `applyWeight`'s. */
export function rollbackWeightMessage(canary: CanaryRecord): OutboxMessage {
  const split: TrafficSplit = {
    canaryId: canary.canaryId,
    modelId: canary.modelId,
    fromGate: canary.fromGate,
    toGate: canary.toGate,
  };
  const payload: StoredRouterCall = { split, weight: 0 };
  return { kind: ROUTER_WEIGHT_KIND, key: `${canary.canaryId}/rollback/0`, payload };
}

/** A relay's attempt at a stored router call: delivered (and audited) or retried later. */
export async function redeliverRouterWeight(
  context: Pick<RunnerContext, 'router' | 'store' | 'clock' | 'operator'>,
  message: OutboxMessage,
  signal: AbortSignal,
): Promise<OutboxSettlement | undefined> {
  const call = message.payload as StoredRouterCall | null;
  if (call === null || typeof call !== 'object' || call.split === undefined) {
    return { outcome: 'given_up', error: 'unreadable router message' };
  }
  try {
    await context.router.setWeight(call.split, call.weight, { idempotencyKey: message.key, signal });
  } catch (error) {
    return signal.aborted ? undefined : { outcome: 'retry', error: messageOf(error) };
  }
  const { canaryId, modelId } = call.split;
  await context.store.recordAudit({
    at: context.clock.now(),
    operator: context.operator,
    entityType: 'canary',
    entityId: canaryId,
    modelId,
    audit: {
      action: 'canary.router_redelivered',
      details: { weight: call.weight, router: context.router.kind },
    },
    narrative: {
      eventType: 'step',
      message: routerRedelivered({ modelId, weight: call.weight, router: context.router.kind }),
      context: { canaryId, weight: call.weight },
    },
  });
  return { outcome: 'delivered' };
}
