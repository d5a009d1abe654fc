import { describe, expect, it } from 'vitest';
import { cockpitEvent } from '../test/sse-test-kit.ts';
import { encodeComment, encodeEvent, encodeNotice, encodeRetry } from './sse-encoding.ts';

const text = (bytes: Uint8Array): string => new TextDecoder().decode(bytes);

describe('SSE encoding', () => {
  it('encodes an event as id, event name and the SPEC data JSON on one line', () => {
    const event = cockpitEvent(42, 'job/job_9hd', 'completed');
    expect(text(encodeEvent(event, 'completed'))).toBe(
      'id: 42\nevent: completed\ndata: {"id":42,"topic":"job/job_9hd","type":"completed",' +
        '"ts":"2025-10-03T14:20:42.000Z","data":{"jobId":"job_9hd","seq":42},' +
        '"narrative":"[2025-10-03 14:20] job_9hd → completed"}\n\n',
    );
  });

  it('keeps values with line breaks on one line and names without them', () => {
    const event = { ...cockpitEvent(1, 'job/a'), narrative: 'line\nevent: forged\r\nid: 999' };
    const frame = text(encodeEvent(event, 'bad\nname'));
    expect(frame.split('\n')).toEqual([
      'id: 1',
      'event: bad name',
      expect.stringMatching(/^data: \{.*\}$/),
      '',
      '',
    ]);
    expect(JSON.parse(frame.split('\n')[2]?.slice(6) ?? '').narrative).toBe(event.narrative);
  });

  it('encodes notices without an id, comments and retry', () => {
    expect(text(encodeNotice('retention', { requestedAfter: 3 }))).toBe(
      'event: retention\ndata: {"requestedAfter":3}\n\n',
    );
    expect(text(encodeComment('heartbeat\nid: 7'))).toBe(': heartbeat id: 7\n\n');
    expect(text(encodeRetry(2000))).toBe('retry: 2000\n\n');
  });
});
