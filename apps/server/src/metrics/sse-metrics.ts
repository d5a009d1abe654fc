/**
 * The SSE bus's own counters, read from `bus.stats()` at scrape time: open streams, streams opened,
 * events published and delivered, slow-consumer disconnects, replays.
 */
import type { EventBusStats } from '@lukhas/sse-bus';
import { Counter, Gauge, type Registry } from 'prom-client';

/** What the bus tells: its stats (the counters only grow). */
export interface SseMetricsSource {
  stats(): EventBusStats;
}

// Each counter mirrors one field of the stats; the bus counts, this only exposes.
const MIRRORED: readonly { name: string; help: string; field: keyof EventBusStats }[] = [
  { name: 'cockpit_sse_connections_total', help: 'SSE streams opened.', field: 'connections' },
  { name: 'cockpit_sse_events_published_total', help: 'Events published on the bus.', field: 'published' },
  {
    name: 'cockpit_sse_events_delivered_total',
    help: 'Event frames written to SSE streams, live and replayed.',
    field: 'delivered',
  },
  {
    name: 'cockpit_sse_slow_disconnects_total',
    help: 'SSE streams cut off as slow consumers.',
    field: 'slowDisconnects',
  },
  { name: 'cockpit_sse_replays_total', help: 'Last-Event-ID and history replays started.', field: 'replays' },
];

/**
 * Declares `cockpit_sse_clients` and the `cockpit_sse_*_total` counters over `bus`.
 *
 * @example
 * sseMetrics({ registry, bus: cockpit.bus });
 */
export function sseMetrics(options: { readonly registry: Registry; readonly bus: SseMetricsSource }): void {
  const { bus } = options;
  const registers = [options.registry];
  new Gauge({
    name: 'cockpit_sse_clients',
    help: 'Open SSE streams.',
    registers,
    collect() {
      this.set(bus.stats().clients);
    },
  });
  for (const { name, help, field } of MIRRORED) {
    new Counter({
      name,
      help,
      registers,
      collect() {
        this.reset();
        this.inc(bus.stats()[field]);
      },
    });
  }
}
