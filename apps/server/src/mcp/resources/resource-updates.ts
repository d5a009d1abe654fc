/**
 * Drives `notifications/resources/updated` from the cockpit's event bus: every persisted event
 * marks its job or canary resource, and the narratives it adds a line to, as updated. The SDK's
 * listen router then delivers each URI to the open `subscriptions/listen` streams that asked for it.
 */
import type { CockpitEvent } from '@lukhas/core';
import { urisChangedBy } from './resource-uris.ts';

/**
 * Publishes the URIs each event changes; returns the unsubscribe function.
 *
 * @example
 * const stop = publishResourceUpdates(cockpit.onEvent, handler.notify);
 */
export function publishResourceUpdates(
  onEvent: (listener: (event: CockpitEvent) => void) => () => void,
  notifier: { resourceUpdated(uri: string): void },
): () => void {
  return onEvent((event) => {
    for (const uri of urisChangedBy(event)) notifier.resourceUpdated(uri);
  });
}
