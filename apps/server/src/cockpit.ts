/**
 * What the routes are given: the engines and stores the wiring (`wiring.ts`) composes from the
 * packages, as one object. Types only; tests may hand the routes their own.
 */
import type { CanaryEngine } from '@lukhas/canary-engine';
import type { CockpitEvent, PolicyBounds } from '@lukhas/core';
import type { DocumentIndex } from '@lukhas/documents';
import type { FileOperations } from '@lukhas/file-ops';
import type { JobRunner } from '@lukhas/job-runner';
import type { NotificationOutcome } from '@lukhas/notifications';
import type { CockpitDatabaseStore } from '@lukhas/persistence';
import type { PrometheusMonitor, StubMonitor } from '@lukhas/slo-prom';
import type { EventBus } from '@lukhas/sse-bus';
import type { TaskLauncherChoice } from '@lukhas/tasks';
import type { TrafficRouterCallOutcome } from '@lukhas/traffic-router';

/** The SLO monitor as the cockpit uses it: the port plus what /health and /metrics report. */
export type CockpitMonitor = PrometheusMonitor | StubMonitor;

/** Recovery at start-up: what a previous process left. */
export interface RecoveryReport {
  readonly interruptedJobs: number;
  readonly resumedJobs: number;
  readonly resumedCanaries: number;
}

/** Everything the routes need, composed from the packages. */
export interface Cockpit {
  readonly store: CockpitDatabaseStore;
  readonly monitor: CockpitMonitor;
  readonly jobs: JobRunner;
  readonly tasks: TaskLauncherChoice;
  readonly canaries: CanaryEngine;
  /** The limits a canary policy must keep (the minimum interval from LUKHAS_MIN_INTERVAL_MS). */
  readonly policyBounds: Partial<PolicyBounds>;
  readonly documents: DocumentIndex;
  /** The file operations (LUKHAS_FILE_OPS=1), whose tools are registered only then; undefined when off. */
  readonly files: FileOperations | undefined;
  /** The live event bus behind `/sse`: every persisted event, replay from the store. */
  readonly bus: EventBus;
  /** Subscribes to every persisted event, in id order; returns the unsubscribe function. */
  onEvent(listener: (event: CockpitEvent) => void): () => void;
  /** Subscribes to what became of each chat notification (sent, failed, dropped). */
  onNotification(listener: (outcome: NotificationOutcome) => void): () => void;
  /** Subscribes to each call made to the traffic router (the start-up probe first). */
  onRouterCall(listener: (call: TrafficRouterCallOutcome) => void): () => void;
  /** Picks up work a previous process left: fails interrupted jobs, runs queued ones, resumes canaries. */
  recover(): Promise<RecoveryReport>;
  /** Stops the engines, drains the notifier (bounded), closes the router, then the database. */
  close(): Promise<void>;
}
