// @ts-check
/**
 * The traffic ladder of a canary with `steps`, as a pure state: which steps are done, which one is
 * in progress, the weight on toGate and whether a person must promote. Built from a canary record
 * (`traffic`, `policy.steps`) and moved on by the `step`/`paused`/`resumed`/`promoted`/
 * `rolled_back` events, never backwards: a tool's answer may arrive after newer events.
 */

/**
 * @typedef {{ readonly setWeight: number } | { readonly pause: { readonly seconds?: number } }} LadderStep
 * @typedef {'running' | 'paused' | 'promoted' | 'rolled_back'} LadderStatus
 * @typedef {object} LadderState
 * @property {readonly (LadderStep | null)[]} steps the policy's steps (null: not known yet)
 * @property {number} currentIndex the step in progress (steps.length once every step is done)
 * @property {number} weight percent of the traffic on toGate
 * @property {LadderStatus} status
 * @property {number} promotions how many times a person promoted it
 * @typedef {'done' | 'current' | 'pending' | 'stopped'} LadderRowState
 * @typedef {{ readonly index: number, readonly label: string, readonly state: LadderRowState }} LadderRow
 */

const DECIDED = new Set(['promoted', 'rolled_back']);

/** True for a pause that waits for a person (`pause: {}`). @param {LadderStep | null | undefined} step */
export function isManualPause(step) {
  return step != null && 'pause' in step && step.pause.seconds === undefined;
}

/** How a step reads on the ladder: `20%`, `pause 30s`, `pause until promoted`. @param {LadderStep | null | undefined} step @param {number} index */
export function stepLabel(step, index) {
  if (step == null) return `step ${index + 1}`;
  if ('setWeight' in step) return `${step.setWeight}%`;
  return step.pause.seconds === undefined ? 'pause until promoted' : `pause ${step.pause.seconds}s`;
}

/**
 * The ladder of a canary record; null for a canary without steps.
 *
 * @example const ladder = ladderFromRecord(await callTool('get_canary', { canaryId }));
 * @param {any} canary a CanaryRecord (or the `started` event's data, which carries the policy)
 * @returns {LadderState | null}
 */
export function ladderFromRecord(canary) {
  /** @type {readonly LadderStep[] | undefined} */
  const policySteps = canary?.policy?.steps;
  const traffic = canary?.traffic ?? null;
  if (policySteps === undefined && traffic === null) return null;
  const count = policySteps?.length ?? traffic.stepCount;
  const steps = policySteps ?? new Array(count).fill(null);
  const status = toStatus(canary.status);
  const promotions = traffic?.promotions?.length ?? 0;
  if (status === 'promoted') return { steps, currentIndex: count, weight: 100, status, promotions };
  const stepIndex = Math.min(traffic?.stepIndex ?? 0, count);
  const weight = traffic?.weight ?? 0;
  if (status === 'rolled_back') return { steps, currentIndex: stepIndex, weight, status, promotions };
  // Between `resumed` and the next weight the record still points at the pause a person ended.
  const passed =
    status === 'running' &&
    isManualPause(steps[stepIndex]) &&
    promotions >= manualPausesThrough(steps, stepIndex);
  return { steps, currentIndex: passed ? stepIndex + 1 : stepIndex, weight, status, promotions };
}

/**
 * The ladder after one event of its canary (events of other types leave it as it is). A ladder not
 * known yet (null) starts from the event's `count`.
 *
 * @param {LadderState | null} state
 * @param {string} type the event's type
 * @param {any} data the event's data
 * @returns {LadderState | null}
 */
export function ladderAfterEvent(state, type, data) {
  const ladder = state ?? blankLadder(data?.count);
  if (ladder === null || DECIDED.has(ladder.status)) return ladder;
  const count = ladder.steps.length;
  const index = Number(data?.index);
  const weight = typeof data?.weight === 'number' ? data.weight : ladder.weight;
  switch (type) {
    case 'step':
      return {
        ...ladder,
        steps: withStep(ladder.steps, index, data?.step),
        currentIndex: Math.max(ladder.currentIndex, index + 1),
        weight,
      };
    case 'paused':
      return {
        ...ladder,
        steps: withStep(ladder.steps, index, { pause: {} }),
        currentIndex: Math.max(ladder.currentIndex, index),
        weight,
        status: 'paused',
      };
    case 'resumed':
      return {
        ...ladder,
        currentIndex: Math.max(ladder.currentIndex, data?.full === true ? count : index + 1),
        weight,
        status: 'running',
        promotions: ladder.promotions + 1,
      };
    case 'promoted':
      return { ...ladder, currentIndex: count, weight: 100, status: 'promoted' };
    case 'rolled_back':
      // Every rollback takes the traffic back first (the record tells if the router could not).
      return { ...ladder, weight: 0, status: 'rolled_back' };
    default:
      return ladder;
  }
}

/**
 * The one of two ladders of the same canary that is further along (`next` on a tie, as it is the
 * newer news); steps known to either are kept.
 *
 * @param {LadderState | null} current
 * @param {LadderState | null} next
 * @returns {LadderState | null}
 */
export function mergeLadder(current, next) {
  if (current === null) return next;
  if (next === null) return current;
  const further = progress(next) >= progress(current) ? next : current;
  const other = further === next ? current : next;
  return { ...further, steps: further.steps.map((step, index) => step ?? other.steps[index] ?? null) };
}

/** Every step with its label and whether it is done, in progress, to come or where it stopped. @param {LadderState} state @returns {LadderRow[]} */
export function ladderRows(state) {
  return state.steps.map((step, index) => ({
    index,
    label: stepLabel(step, index),
    state: rowState(state, index),
  }));
}

/**
 * One line for people: the weight, the step, and what happens next.
 *
 * @example ladderSummary(state, 'production') // "20% to production · step 2 of 4: paused, waiting for Promote"
 * @param {LadderState} state
 * @param {string} [toGate] the gate the weight goes to
 */
export function ladderSummary(state, toGate = 'toGate') {
  const count = state.steps.length;
  const weight = `${state.weight}% to ${toGate}`;
  if (state.status === 'promoted') return `${weight} · all ${count} steps done: promoted`;
  if (state.status === 'rolled_back')
    return `${weight} · rolled back at step ${Math.min(state.currentIndex + 1, count)} of ${count}`;
  if (state.currentIndex >= count) return `${weight} · all ${count} steps done: deciding`;
  const where = `step ${state.currentIndex + 1} of ${count}`;
  return state.status === 'paused'
    ? `${weight} · ${where}: paused, waiting for Promote`
    : `${weight} · ${where}`;
}

/** @param {LadderState} state @param {number} index @returns {LadderRowState} */
function rowState(state, index) {
  if (index < state.currentIndex) return 'done';
  if (index > state.currentIndex) return 'pending';
  if (state.status === 'rolled_back') return 'stopped';
  return state.status === 'promoted' ? 'done' : 'current';
}

// Decided beats everything; at one step, paused comes after running (a resume moves to the next step).
/** @param {LadderState} state */
function progress(state) {
  if (DECIDED.has(state.status)) return Number.MAX_SAFE_INTEGER;
  return state.currentIndex * 2 + (state.status === 'paused' ? 1 : 0);
}

/** @param {unknown} status @returns {LadderStatus} */
function toStatus(status) {
  return status === 'paused' || status === 'promoted' || status === 'rolled_back' ? status : 'running';
}

/** @param {unknown} count @returns {LadderState | null} */
function blankLadder(count) {
  if (typeof count !== 'number' || !Number.isInteger(count) || count < 1) return null;
  return { steps: new Array(count).fill(null), currentIndex: 0, weight: 0, status: 'running', promotions: 0 };
}

/** @param {readonly (LadderStep | null)[]} steps @param {number} index @param {LadderStep | undefined} step */
function withStep(steps, index, step) {
  if (
    step === undefined ||
    !Number.isInteger(index) ||
    index < 0 ||
    index >= steps.length ||
    steps[index] != null
  )
    return steps;
  return steps.map((known, at) => (at === index ? step : known));
}

/** @param {readonly (LadderStep | null)[]} steps @param {number} index */
function manualPausesThrough(steps, index) {
  return steps.slice(0, index + 1).filter(isManualPause).length;
}
