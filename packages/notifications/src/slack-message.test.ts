import type { CockpitEvent } from '@lukhas/core';
import { describe, expect, it } from 'vitest';
import type { NotifiableEventType } from './notification-settings.ts';
import { type SlackMessage, slackMessage } from './slack-message.ts';
import { escapeMrkdwn, mrkdwnLink } from './slack-mrkdwn.ts';

const PUBLIC_URL = 'https://ops.example.com';

function canaryEvent(
  type: NotifiableEventType,
  data: Record<string, unknown>,
  message = `canary ${String(data.modelId)} → ${type}`,
): CockpitEvent {
  return {
    id: 7,
    topic: 'canary/canary_1',
    kind: 'canary',
    entityId: 'canary_1',
    // `step`, `paused` and `resumed` are not in core's CanaryEventType yet.
    type: type as CockpitEvent['type'],
    ts: '2025-10-03T14:21:00.000Z',
    data,
    narrative: `[2025-10-03 14:21] ${message}`,
  };
}

const GATES = { canaryId: 'canary_1', modelId: 'lukhas-agi-v3', fromGate: 'staging', toGate: 'production' };

function texts(message: SlackMessage): string[] {
  return message.blocks.flatMap((block) => [
    ...(block.text === undefined ? [] : [block.text.text]),
    ...(block.fields ?? []).map((field) => field.text),
  ]);
}

function field(message: SlackMessage, label: string): string | undefined {
  const prefix = `*${label}*\n`;
  return texts(message)
    .find((text) => text.startsWith(prefix))
    ?.slice(prefix.length);
}

describe('slackMessage', () => {
  it('builds Block Kit sections with mrkdwn text and the narrative line as fallback', () => {
    const event = canaryEvent(
      'rolled_back',
      {
        ...GATES,
        status: 'rolled_back',
        rule: 'breach_limit',
        reason: 'latency_p95_ms 912 > 500 in 3 samples',
        decidedAt: '2025-10-03T14:21:00.000Z',
        breachToActionSeconds: 1.234,
        duration: '4m 2s',
      },
      'canary lukhas-agi-v3 → rolled back to staging',
    );
    const message = slackMessage(event, { publicUrl: PUBLIC_URL });
    expect(message.text).toBe('canary lukhas-agi-v3 → rolled back to staging');
    expect(message.blocks.length).toBeGreaterThan(0);
    for (const block of message.blocks) {
      expect(block.type).toBe('section');
      if (block.text !== undefined) expect(block.text.type).toBe('mrkdwn');
      for (const column of block.fields ?? []) expect(column.type).toBe('mrkdwn');
      expect((block.fields ?? []).length).toBeLessThanOrEqual(10);
    }
    expect(message.blocks[0]?.text?.text).toBe(
      ':rotating_light: *lukhas-agi-v3 rolled back to staging*\ncanary lukhas-agi-v3 → rolled back to staging',
    );
    expect(field(message, 'Model')).toBe('lukhas-agi-v3');
    expect(field(message, 'Gates')).toBe('staging → production');
    expect(field(message, 'Rule')).toBe('breach_limit');
    expect(field(message, 'Reason')).toBe('latency_p95_ms 912 &gt; 500 in 3 samples');
    expect(field(message, 'Breach to action')).toBe('1.23s');
    expect(field(message, 'Duration')).toBe('4m 2s');
    expect(field(message, 'Canary')).toBe('canary_1');
    expect(texts(message)).toContain(
      '<https://ops.example.com/cockpit.html#canary=canary_1|Open in cockpit>',
    );
  });

  it('has no link without a public URL, nor for a job', () => {
    const canary = slackMessage(canaryEvent('started', GATES));
    expect(texts(canary).some((text) => text.includes('Open in cockpit'))).toBe(false);
    const job: CockpitEvent = {
      id: 8,
      topic: 'job/job_9hd',
      kind: 'job',
      entityId: 'job_9hd',
      type: 'failed',
      ts: '2025-10-03T14:21:00.000Z',
      data: { jobId: 'job_9hd', status: 'failed', error: 'exit code 2', durationMs: 23_000 },
      narrative: '[2025-10-03 14:21] job_9hd → failed: exit code 2 (23s)',
    };
    const message = slackMessage(job, { publicUrl: PUBLIC_URL });
    expect(texts(message).some((text) => text.includes('Open in cockpit'))).toBe(false);
    expect(message.blocks[0]?.text?.text).toBe(
      ':x: *Job job_9hd failed*\njob_9hd → failed: exit code 2 (23s)',
    );
    expect(field(message, 'Job')).toBe('job_9hd');
    expect(field(message, 'Error')).toBe('exit code 2');
    expect(field(message, 'Duration')).toBe('23s');
  });

  it('names the weight and the step of step, paused and resumed events', () => {
    const ladder = { ...GATES, index: 1, count: 5 };
    const step = slackMessage(canaryEvent('step', { ...ladder, weight: 25, step: { setWeight: 25 } }));
    expect(step.blocks[0]?.text?.text).toContain('*Canary for lukhas-agi-v3 at 25%*');
    expect(field(step, 'Weight')).toBe('25% (step 2 of 5)');

    const paused = slackMessage(canaryEvent('paused', { ...ladder, index: 2, weight: 25 }));
    expect(paused.blocks[0]?.text?.text).toContain(
      '*Canary for lukhas-agi-v3 paused at 25%: waiting for promote*',
    );
    expect(field(paused, 'Weight')).toBe('25% (step 3 of 5)');

    const resumed = slackMessage(
      canaryEvent('resumed', { ...ladder, index: 2, weight: 25, operator: 'alice', full: true }),
    );
    expect(resumed.blocks[0]?.text?.text).toContain('*Canary for lukhas-agi-v3 resumed: full promotion*');
    expect(field(resumed, 'Operator')).toBe('alice');
    expect(field(resumed, 'Promotion')).toBe('full: remaining steps skipped');
  });

  it('escapes &, < and > in every interpolated value, and encodes the id in the link', () => {
    const hostile = '<!channel> & <https://evil.example|click>';
    const event: CockpitEvent = {
      ...canaryEvent(
        'rolled_back',
        {
          canaryId: 'c|1&<x>',
          modelId: hostile,
          fromGate: '<a>',
          toGate: 'b&c',
          rule: 'abort',
          reason: hostile,
          operator: hostile,
        },
        `canary ${hostile} → rolled back`,
      ),
      entityId: 'c|1&<x>',
    };
    const message = slackMessage(event, { publicUrl: PUBLIC_URL });
    const everything = [message.text, ...texts(message)];
    const link = '<https://ops.example.com/cockpit.html#canary=c%7C1%26%3Cx%3E|Open in cockpit>';
    expect(everything).toContain(link);
    for (const text of everything) {
      // The only `<` and `>` left are those of the link this module wrote.
      expect(text.replace(link, '')).not.toMatch(/[<>]/);
      expect(text.replace(link, '')).not.toMatch(/&(?!amp;|lt;|gt;)/);
    }
    expect(message.text).toBe(
      'canary &lt;!channel&gt; &amp; &lt;https://evil.example|click&gt; → rolled back',
    );
    expect(field(message, 'Gates')).toBe('&lt;a&gt; → b&amp;c');
  });

  it('copes with missing or malformed data', () => {
    const bare: CockpitEvent = {
      id: 1,
      topic: 'canary/canary_2',
      kind: 'canary',
      entityId: 'canary_2',
      type: 'promoted',
      ts: '2025-10-03T14:21:00.000Z',
      data: null as unknown as CockpitEvent['data'],
      narrative: undefined as unknown as string,
    };
    const message = slackMessage(bare, { publicUrl: PUBLIC_URL });
    expect(message.text).toBe('a model promoted');
    expect(field(message, 'Canary')).toBe('canary_2');
    expect(texts(message)).toContain(
      '<https://ops.example.com/cockpit.html#canary=canary_2|Open in cockpit>',
    );

    const odd = slackMessage(
      canaryEvent('paused', { modelId: { not: 'text' }, weight: 'a lot', index: 'two', reason: '   ' }),
    );
    expect(odd.blocks[0]?.text?.text).toContain('*Canary for a model paused: waiting for promote*');
    expect(field(odd, 'Weight')).toBeUndefined();
    expect(field(odd, 'Reason')).toBeUndefined();
  });

  it('keeps values on one bounded line', () => {
    const message = slackMessage(
      canaryEvent('rolled_back', { ...GATES, reason: `line\nbreak ${'x'.repeat(500)}` }),
    );
    const reason = field(message, 'Reason') ?? '';
    expect(reason).not.toContain('\n');
    expect(Array.from(reason).length).toBeLessThanOrEqual(200);
    expect(reason.endsWith('…')).toBe(true);
  });
});

describe('mrkdwn helpers', () => {
  it('escape only the three control characters', () => {
    expect(escapeMrkdwn('*a* & <b> _c_')).toBe('*a* &amp; &lt;b&gt; _c_');
    expect(mrkdwnLink('https://x.example/a|b?c=1&d=2', 'Open <it>')).toBe(
      '<https://x.example/a%7Cb?c=1&amp;d=2|Open &lt;it&gt;>',
    );
  });
});
