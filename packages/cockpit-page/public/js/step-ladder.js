// @ts-check
/**
 * A canary's traffic ladder on its card: every step (done, in progress, to come), the weight on
 * toGate, and for a paused canary the Promote and Promote fully buttons. What it shows is
 * `step-ladder-state.js`'s; a failed promotion is shown on the ladder itself, never dropped.
 */
import { element } from './dom.js';
import { ladderRows, ladderSummary } from './step-ladder-state.js';

/** How a row's state reads to a screen reader. */
const ROW_STATE_TEXT = {
  done: 'done',
  current: 'in progress',
  pending: 'to come',
  stopped: 'rolled back here',
};

/**
 * @typedef {object} StepLadderOptions
 * @property {string} canaryId
 * @property {() => string} describe who the buttons promote, for their accessible names (`lukhas-agi-v3 canary_7f3a`)
 * @property {(full: boolean) => Promise<unknown>} promote calls `promote_canary`
 */

/**
 * @example
 * const ladder = createStepLadder({ canaryId, describe: () => modelId, promote: (full) => callTool('promote_canary', { canaryId, full }) });
 * card.append(ladder.element);
 * ladder.update(state, 'production');
 * @param {StepLadderOptions} options
 */
export function createStepLadder(options) {
  const summaryId = `ladder-summary-${options.canaryId}`;
  const summary = element('p', { class: 'ladder-summary', id: summaryId }, '');
  const steps = element('ol', { class: 'ladder-steps' });
  const error = element('p', { class: 'ladder-error error', role: 'alert' });
  error.hidden = true;
  const promote = element(
    'button',
    { type: 'button', class: 'promote', 'aria-describedby': summaryId },
    'Promote',
  );
  const promoteFully = element(
    'button',
    { type: 'button', class: 'promote-full', 'aria-describedby': summaryId },
    'Promote fully',
  );
  const actions = element('div', { class: 'ladder-actions' }, promote, promoteFully);
  actions.hidden = true;
  const root = element(
    'section',
    { class: 'ladder', 'aria-label': `traffic steps of ${options.canaryId}` },
    summary,
    steps,
    actions,
    error,
  );
  root.hidden = true;

  /** @param {boolean} full */
  const onClick = (full) => {
    promote.disabled = true;
    promoteFully.disabled = true;
    error.hidden = true;
    options
      .promote(full)
      .catch((failure) => {
        error.textContent = `promote${full ? ' fully' : ''} failed: ${failure instanceof Error ? failure.message : String(failure)}`;
        error.hidden = false;
      })
      .finally(() => {
        promote.disabled = false;
        promoteFully.disabled = false;
      });
  };
  promote.addEventListener('click', () => onClick(false));
  promoteFully.addEventListener('click', () => onClick(true));

  return {
    element: root,
    /**
     * Shows `state` (hidden while null: a canary without steps has no ladder).
     * @param {import('./step-ladder-state.js').LadderState | null} state
     * @param {string} [toGate]
     */
    update(state, toGate) {
      root.hidden = state === null;
      if (state === null) return;
      root.dataset.status = state.status;
      root.dataset.weight = String(state.weight);
      summary.textContent = ladderSummary(state, toGate);
      steps.replaceChildren(...ladderRows(state).map(renderRow));
      actions.hidden = state.status !== 'paused';
      const who = options.describe();
      promote.setAttribute('aria-label', `Promote ${who} to the next step`);
      promoteFully.setAttribute('aria-label', `Promote fully ${who}, skipping the remaining steps`);
    },
  };
}

/** @param {import('./step-ladder-state.js').LadderRow} row */
function renderRow(row) {
  const item = element(
    'li',
    { class: `ladder-step ${row.state}`, 'data-state': row.state, 'data-index': String(row.index) },
    element('span', { class: 'ladder-label' }, row.label),
    element('span', { class: 'visually-hidden' }, ` (${ROW_STATE_TEXT[row.state]})`),
  );
  if (row.state === 'current') item.setAttribute('aria-current', 'step');
  return item;
}
