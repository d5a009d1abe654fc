/**
 * The state gauges read from the store at scrape time: jobs and canaries by status, how far
 * the most overdue running canary is past its window end (a canary "stuck running"), and the
 * outbox's calls still owed (depth, oldest age): a receiver down for long shows there.
 */
import type { CockpitDatabaseStore } from '@lukhas/persistence';
import { Gauge, type Registry } from 'prom-client';

/** The store reads the gauges need. */
export type StoreMetricsSource = Pick<
  CockpitDatabaseStore,
  'countJobsByStatus' | 'countCanariesByStatus' | 'canariesInStatus' | 'outboxStats'
>;

/** Options of {@link storeMetrics}. */
export interface StoreMetricsOptions {
  readonly registry: Registry;
  readonly store: StoreMetricsSource;
  /** Epoch ms. */
  readonly now: () => number;
  /** Told when a read fails; that scrape then shows no series (NaN for the overdue gauge), never stale ones. */
  readonly onError: (error: unknown) => void;
}

/**
 * Declares `cockpit_jobs`, `cockpit_canaries`, `cockpit_canary_overdue_seconds`,
 * `cockpit_outbox_depth` and `cockpit_outbox_oldest_age_seconds`.
 *
 * @example
 * storeMetrics({ registry, store: cockpit.store, now: Date.now, onError: console.error });
 */
export function storeMetrics(options: StoreMetricsOptions): void {
  const { store, now, onError } = options;
  const registers = [options.registry];
  const byStatus = (name: string, help: string, count: () => Promise<Record<string, number>>) =>
    new Gauge({
      name,
      help,
      labelNames: ['status'] as const,
      registers,
      async collect() {
        this.reset();
        const counts = await read(count(), onError);
        for (const [status, value] of Object.entries(counts ?? {})) this.set({ status }, value);
      },
    });
  byStatus('cockpit_jobs', 'Jobs by status, from the store.', () => store.countJobsByStatus());
  byStatus('cockpit_canaries', 'Canaries by status, from the store.', () => store.countCanariesByStatus());
  new Gauge({
    name: 'cockpit_canary_overdue_seconds',
    help: 'Max over running canaries of (now - windowEndsAt) in seconds, 0 when none is past its window end.',
    registers,
    async collect() {
      const running = await read(store.canariesInStatus(['running']), onError);
      if (running === undefined) {
        this.set(Number.NaN);
        return;
      }
      const time = now();
      let overdueMs = 0;
      for (const canary of running) {
        const pastEnd = time - Date.parse(canary.windowEndsAt);
        if (Number.isFinite(pastEnd)) overdueMs = Math.max(overdueMs, pastEnd);
      }
      this.set(overdueMs / 1000);
    },
  });
  new Gauge({
    name: 'cockpit_outbox_depth',
    help: 'Calls owed (webhooks, notifications) not yet delivered nor given up, in the shared outbox.',
    registers,
    async collect() {
      this.set((await read(store.outboxStats(now()), onError))?.depth ?? Number.NaN);
    },
  });
  new Gauge({
    name: 'cockpit_outbox_oldest_age_seconds',
    help: 'Age in seconds of the oldest call still owed in the outbox, 0 when none.',
    registers,
    async collect() {
      this.set((await read(store.outboxStats(now()), onError))?.oldestAgeSeconds ?? Number.NaN);
    },
  });
}

async function read<Value>(reading: Promise<Value>, onError: (error: unknown) => void) {
  try {
    return await reading;
  } catch (error) {
    onError(error);
    return undefined;
  }
}
