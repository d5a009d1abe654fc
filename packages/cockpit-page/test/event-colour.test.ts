import { describe, expect, it } from 'vitest';
import { eventColour } from '../public/js/event-colour.js';

describe('eventColour', () => {
  it('colours success green, errors red and the rest progress orange', () => {
    expect(['completed', 'promoted'].map((type) => eventColour(type))).toEqual(['success', 'success']);
    expect(['failed', 'cancelled', 'rolled_back', 'error'].map((type) => eventColour(type))).toEqual([
      'error',
      'error',
      'error',
      'error',
    ]);
    expect(['queued', 'running', 'progress', 'started'].map((type) => eventColour(type))).toEqual([
      'progress',
      'progress',
      'progress',
      'progress',
    ]);
  });

  it('colours a metric sample red only when it breached', () => {
    expect(eventColour('metric', { breached: true })).toBe('error');
    expect(eventColour('metric', { breached: false })).toBe('progress');
    expect(eventColour('metric')).toBe('progress');
  });
});
