/**
 * Which entities of a stream have ended: a stream whose topics are all `job/<id>` / `canary/<id>`
 * has nothing left to carry once each of those entities has had its terminal event.
 */
import type { CockpitEvent } from '@lukhas/core';
import type { SseTopic } from './sse-topic.ts';
import { isTerminalEvent } from './terminal-event.ts';

/** The terminal events seen so far on the entity topics of one stream. */
export class EntityEndings {
  // Entity topic → the type of its terminal event, once seen (in the stream's topic order).
  private readonly endings = new Map<string, string | undefined>();
  private ended = 0;

  private constructor(topics: readonly SseTopic[]) {
    for (const topic of topics) this.endings.set(topic.name, undefined);
  }

  /**
   * Endings to track for `topics`, or undefined when any topic is a collection or a wildcard: those
   * always have more to carry.
   */
  static of(topics: readonly SseTopic[]): EntityEndings | undefined {
    if (topics.length === 0 || topics.some((topic) => topic.form !== 'entity')) return undefined;
    return new EntityEndings(topics);
  }

  /** True once every entity of the stream has ended. */
  get done(): boolean {
    return this.ended === this.endings.size;
  }

  /** Notes `event` if it is the terminal event of one of the stream's entities. */
  note(event: Pick<CockpitEvent, 'kind' | 'topic' | 'type'>): void {
    if (!this.endings.has(event.topic) || this.endings.get(event.topic) !== undefined) return;
    if (!isTerminalEvent(event)) return;
    this.endings.set(event.topic, event.type);
    this.ended += 1;
  }

  /** `job/job_a completed, canary/canary_c rolled_back`: what ended, for the farewell comment. */
  summary(): string {
    return [...this.endings].map(([topic, type]) => `${topic} ${type ?? 'open'}`).join(', ');
  }
}
