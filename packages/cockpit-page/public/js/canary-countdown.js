// @ts-check
/**
 * How far a canary is through its window, and what the card says about the time left: a window
 * canary `decides in 1m 20s`; one with steps moves by its steps, and the window only bounds its
 * life (`rolls back unless done in 9m 50s`); a decided one says when.
 */
import { formatDuration } from './chart-scale.js';

/**
 * @typedef {object} CountdownInput
 * @property {string | undefined} status
 * @property {string | undefined} startedAt ISO start of the window
 * @property {string | undefined} windowEndsAt ISO end of the window
 * @property {string | null | undefined} [decidedAt]
 * @property {boolean} [stepped] the policy has steps
 * @property {{ seconds: number, startedAt: string }} [pause] the timed pause in progress, if any
 * @typedef {{ fraction: number, text: string, remainingMs: number | null }} Countdown
 */

/**
 * The window's progress (0..1) and the line beside it, at `now` (epoch ms).
 *
 * @example canaryCountdown({ status: 'running', startedAt, windowEndsAt }, Date.now()).text // 'window 40s of 2m · decides in 1m 20s'
 * @param {CountdownInput} canary @param {number} now
 * @returns {Countdown}
 */
export function canaryCountdown(canary, now) {
  const start = Date.parse(canary.startedAt ?? '');
  const end = Date.parse(canary.windowEndsAt ?? '');
  if (Number.isNaN(start) || Number.isNaN(end) || end <= start) {
    return { fraction: 0, text: '', remainingMs: null };
  }
  const length = formatDuration(end - start);
  if (canary.status === 'promoted' || canary.status === 'rolled_back') {
    const decided = Date.parse(canary.decidedAt ?? '');
    const at = Number.isNaN(decided) ? end : decided;
    return {
      fraction: Math.min(1, Math.max(0, (at - start) / (end - start))),
      text: `decided after ${formatDuration(at - start)} of the ${length} window`,
      remainingMs: null,
    };
  }
  const elapsed = Math.min(end - start, Math.max(0, now - start));
  const remaining = end - start - elapsed;
  const fraction = elapsed / (end - start);
  const where = `window ${formatDuration(elapsed)} of ${length}`;
  if (remaining <= 0) return { fraction: 1, text: `${where} · deciding…`, remainingMs: 0 };
  const left = formatDuration(remaining);
  const pauseStart = Date.parse(canary.pause?.startedAt ?? '');
  if (canary.pause !== undefined && !Number.isNaN(pauseStart) && canary.status === 'running') {
    const pauseLeft = pauseStart + canary.pause.seconds * 1000 - now;
    const next = pauseLeft > 0 ? `next step in ${formatDuration(pauseLeft)}` : 'next step due';
    return { fraction, text: `${where} · pause ${canary.pause.seconds}s: ${next}`, remainingMs: remaining };
  }
  const text = canary.stepped
    ? `${where} · rolls back unless the steps finish in ${left}`
    : `${where} · decides in ${left}`;
  return { fraction, text, remainingMs: remaining };
}
