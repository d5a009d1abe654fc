/**
 * One cockpit event as a Slack Block Kit message (the format Slack-compatible incoming webhooks
 * accept): a headline, the facts a person acts on (model, gates, weight, the deciding numbers)
 * and a link to the canary in the cockpit. Pure. Event data comes from the store and may lack
 * any field, so every fact is optional and every value is cleaned and escaped.
 */
import type { CockpitEvent } from '@lukhas/core';
import { formatDuration, sanitizeText } from '@lukhas/narrative';
import { escapeMrkdwn, mrkdwnLink } from './slack-mrkdwn.ts';

/** A text object; only `mrkdwn` is used, so links and bold render. */
export interface SlackText {
  readonly type: 'mrkdwn';
  readonly text: string;
}

/** A Block Kit `section`: a text, labelled fields (two columns), or both. */
export interface SlackSectionBlock {
  readonly type: 'section';
  readonly text?: SlackText;
  readonly fields?: readonly SlackText[];
}

/** The body of an incoming-webhook call: `text` is the fallback that notifications and old clients show. */
export interface SlackMessage {
  readonly text: string;
  readonly blocks: readonly SlackSectionBlock[];
}

/** What a message needs beyond the event. */
export interface SlackMessageOptions {
  /** The cockpit's base URL (`LUKHAS_PUBLIC_URL`), for the link to the canary; none: no link. */
  readonly publicUrl?: string | null;
}

// Slack refuses a section with more fields, and longer field or section texts.
const MAX_FIELDS = 10;
const MAX_VALUE_LENGTH = 200;
const MAX_NARRATIVE_LENGTH = 1000;

const EMOJI: Readonly<Record<string, string>> = {
  started: ':rocket:',
  step: ':arrow_right:',
  paused: ':double_vertical_bar:',
  resumed: ':arrow_forward:',
  promoted: ':white_check_mark:',
  rolled_back: ':rotating_light:',
  completed: ':white_check_mark:',
  failed: ':x:',
  cancelled: ':no_entry_sign:',
};

/**
 * The Slack message for one event.
 *
 * @example
 * await fetch(settings.slackUrl, {
 *   method: 'POST',
 *   headers: { 'content-type': 'application/json' },
 *   body: JSON.stringify(slackMessage(event, { publicUrl: settings.publicUrl })),
 * });
 */
export function slackMessage(event: CockpitEvent, options: SlackMessageOptions = {}): SlackMessage {
  const data = factsOf(event.data);
  const title = titleOf(event, data);
  const narrative = narrativeMessage(event.narrative);
  const emoji = EMOJI[event.type];
  const headline = `${emoji === undefined ? '' : `${emoji} `}*${escapeMrkdwn(title)}*`;
  const blocks: SlackSectionBlock[] = [
    {
      type: 'section',
      text: mrkdwn(narrative === null ? headline : `${headline}\n${escapeMrkdwn(narrative)}`),
    },
  ];
  const fields = fieldsOf(event, data)
    .slice(0, MAX_FIELDS)
    .map(([label, value]) => mrkdwn(`*${label}*\n${escapeMrkdwn(value)}`));
  if (fields.length > 0) blocks.push({ type: 'section', fields });
  const link = canaryLink(event, data, options.publicUrl ?? null);
  if (link !== null) blocks.push({ type: 'section', text: mrkdwn(link) });
  return { text: escapeMrkdwn(narrative ?? title), blocks };
}

type Facts = Readonly<Record<string, unknown>>;

function factsOf(data: unknown): Facts {
  return typeof data === 'object' && data !== null ? (data as Facts) : {};
}

function mrkdwn(text: string): SlackText {
  return { type: 'mrkdwn', text };
}

// The narrative line without its `[YYYY-MM-DD HH:MM] ` prefix: Slack shows its own time.
function narrativeMessage(narrative: unknown): string | null {
  if (typeof narrative !== 'string') return null;
  const message = narrative.replace(/^\[[^\]]*\]\s*/, '').trim();
  return message === '' ? null : clip(message, MAX_NARRATIVE_LENGTH);
}

function titleOf(event: CockpitEvent, data: Facts): string {
  const model = text(data.modelId) ?? 'a model';
  const weight = percent(data.weight);
  switch (event.type) {
    case 'started':
      return `Canary started for ${model}`;
    case 'step':
      return weight === null ? `Canary for ${model} moved a step` : `Canary for ${model} at ${weight}`;
    case 'paused':
      return `Canary for ${model} paused${weight === null ? '' : ` at ${weight}`}: waiting for promote`;
    case 'resumed':
      return `Canary for ${model} resumed${data.full === true ? ': full promotion' : ''}`;
    case 'metric':
      return `Canary sample for ${model}`;
    case 'promoted':
      return `${model} promoted${gateSuffix(' to', data.toGate)}`;
    case 'rolled_back':
      return `${model} rolled back${gateSuffix(' to', data.fromGate)}`;
  }
  const subject = text(data.jobId) ?? text(event.entityId) ?? 'unknown';
  const type = text(event.type)?.replaceAll('_', ' ') ?? 'event';
  if (event.kind === 'job') {
    const task = text(data.taskId);
    return `Job ${subject}${task === null ? '' : ` (${task})`} ${type}`;
  }
  return `${text(event.kind) ?? 'Event'} ${subject}: ${type}`;
}

function fieldsOf(event: CockpitEvent, data: Facts): [label: string, value: string][] {
  const fields: [string, string | null][] =
    event.kind === 'job'
      ? [
          ['Job', text(data.jobId) ?? text(event.entityId)],
          ['Task', text(data.taskId)],
          ['Status', text(data.status)],
          ['Error', text(data.error)],
          ['Reason', text(data.reason)],
          ['Duration', duration(data.durationMs)],
        ]
      : [
          ['Model', text(data.modelId)],
          ['Gates', gates(data.fromGate, data.toGate)],
          ['Weight', weightOf(data)],
          ['Rule', text(data.rule)],
          ['Reason', text(data.reason)],
          ['Breach to action', seconds(data.breachToActionSeconds)],
          ['Duration', text(data.duration) ?? duration(data.durationMs)],
          ['Window ends', text(data.windowEndsAt)],
          ['Operator', text(data.operator)],
          ['Promotion', data.full === true ? 'full: remaining steps skipped' : null],
          ['Canary', text(data.canaryId) ?? text(event.entityId)],
        ];
  return fields.filter((field): field is [string, string] => field[1] !== null);
}

function canaryLink(event: CockpitEvent, data: Facts, publicUrl: string | null): string | null {
  if (publicUrl === null || event.kind !== 'canary') return null;
  // The raw id, not a cleaned one: it must match the record; the URL encoding makes it safe.
  const canaryId = typeof data.canaryId === 'string' && data.canaryId !== '' ? data.canaryId : event.entityId;
  if (typeof canaryId !== 'string' || canaryId === '') return null;
  return mrkdwnLink(`${publicUrl}/cockpit.html#canary=${encodeURIComponent(canaryId)}`, 'Open in cockpit');
}

// A string or finite number as one clean, bounded line; anything else (objects, blanks) is absent.
function text(value: unknown): string | null {
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : null;
  if (typeof value !== 'string') return null;
  const line = sanitizeText(value, MAX_VALUE_LENGTH);
  return line === '' ? null : line;
}

function clip(value: string, maxLength: number): string {
  const codePoints = Array.from(value);
  return codePoints.length <= maxLength ? value : `${codePoints.slice(0, maxLength - 1).join('')}…`;
}

function percent(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? `${value}%` : null;
}

function weightOf(data: Facts): string | null {
  const weight = percent(data.weight);
  if (weight === null) return null;
  const { index, count } = data;
  const isCount = (value: unknown): value is number => typeof value === 'number' && Number.isInteger(value);
  return isCount(index) && isCount(count) ? `${weight} (step ${index + 1} of ${count})` : weight;
}

function gates(fromGate: unknown, toGate: unknown): string | null {
  const from = text(fromGate);
  const to = text(toGate);
  if (from === null && to === null) return null;
  return `${from ?? '?'} → ${to ?? '?'}`;
}

function gateSuffix(preposition: string, gate: unknown): string {
  const name = text(gate);
  return name === null ? '' : `${preposition} ${name}`;
}

function seconds(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? `${Number(value.toFixed(2))}s` : null;
}

function duration(value: unknown): string | null {
  return typeof value === 'number' && Number.isFinite(value) ? formatDuration(value) : null;
}
