/**
 * The traffic ladders of one canary in the HTML report: per step, what it was, when it began and
 * ended, who ended a manual pause, the weight toGate had and the samples it held, for the recorded
 * ladder and the replay policy's, side by side.
 */
import { type CanaryStep, isManualPause, type StepMath } from '@lukhas/core';
import type { CanaryReplay, ReplayLadders, SampleStep } from './replay-result.ts';
import { escapeHtml, formatTime } from './report-format.ts';

/** The ladders of `canary`, or `''` when neither policy has steps. */
export function renderLadders(canary: CanaryReplay): string {
  const { ladders } = canary;
  if (ladders === undefined) return '';
  return [
    '<div class="ladders">',
    ladderTable('Recorded ladder', ladders.recorded, ladders),
    ladderTable('Replay ladder', ladders.replay, ladders),
    '</div>',
  ].join('\n');
}

/** `2 @ 10%` for a sample's step; `—` when that ladder has none there. */
export function formatSampleStep(step: SampleStep | null | undefined): string {
  return step === null || step === undefined ? '—' : `${step.index + 1} @ ${step.weight}%`;
}

/** `setWeight 10`, `pause 30s`, `pause (waits for promote)`. */
export function describeStep(step: CanaryStep): string {
  if ('setWeight' in step) return `setWeight ${step.setWeight}`;
  return isManualPause(step) ? 'pause (waits for promote)' : `pause ${step.pause.seconds}s`;
}

function ladderTable(title: string, ladder: ReplayLadders['recorded'], ladders: ReplayLadders): string {
  if (ladder === null) return `<p class="ladder"><b>${title}</b>: no steps (the window rule alone).</p>`;
  const rows = ladder.timeline.map(
    (entry) =>
      `<tr><td>${entry.index + 1}</td><td>${escapeHtml(describeStep(entry.step))}</td>` +
      `<td>${formatTime(entry.startedAt)}</td><td>${formatTime(entry.endedAt)}</td>` +
      `<td>${escapeHtml(endedBy(entry, ladders))}</td><td>${entry.weight}%</td>` +
      `<td>${entry.samples}</td><td>${entry.breaches}</td></tr>`,
  );
  const where = ladder.paused
    ? `paused at step ${ladder.index + 1}`
    : ladder.index >= ladder.count
      ? 'every step done'
      : `at step ${ladder.index + 1}`;
  return [
    `<table class="ladder"><caption>${title}: ${ladder.count} steps, ${escapeHtml(where)}, ${ladder.weight}% to toGate at the end</caption>`,
    '<tr><th>step</th><th>what</th><th>began</th><th>ended</th><th>ended by</th><th>weight</th><th>samples</th><th>breaches</th></tr>',
    ...rows,
    '</table>',
  ].join('\n');
}

// Who or what ended a step: the clock, or the operator whose recorded promotion ended the pause.
function endedBy(entry: StepMath, ladders: ReplayLadders): string {
  if (entry.endedBy === null) return entry.endedAt === null ? 'in progress' : '—';
  if (entry.endedBy === 'clock') return 'clock';
  const promotion = ladders.promotions.find((candidate) => candidate.at === entry.endedAt);
  const who = promotion === undefined ? '' : ` by ${promotion.operator}`;
  return entry.endedBy === 'full' ? `promoted in full${who}` : `promoted${who}`;
}
