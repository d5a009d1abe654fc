import { describe, expect, it } from 'vitest';
import { createEventFanOut } from './event-fan-out.ts';

describe('createEventFanOut', () => {
  it('tells every listener in subscription order, until it unsubscribes or is cleared', () => {
    const events = createEventFanOut<number>();
    const heard: string[] = [];
    events.publish(0);
    const stopFirst = events.subscribe((event) => heard.push(`first ${event}`));
    events.subscribe((event) => heard.push(`second ${event}`));
    events.publish(1);
    stopFirst();
    events.publish(2);
    events.clear();
    events.publish(3);
    expect(heard).toEqual(['first 1', 'second 1', 'second 2']);
  });

  it('lets a listener throw to the publisher', () => {
    const events = createEventFanOut<number>();
    events.subscribe(() => {
      throw new Error('listener failed');
    });
    expect(() => events.publish(1)).toThrow('listener failed');
  });
});
