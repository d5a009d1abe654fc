// @ts-check
/**
 * The canary form's `steps` field: JSON typed by a person, read before anything is sent so a typo
 * gets a message naming the field. What the steps mean (weights 0..100, pause kinds, whether the
 * window fits them) is the server's to judge, with its own clear errors.
 */

const EXAMPLE = '[{"setWeight":20},{"pause":{}},{"setWeight":100}]';

/**
 * The steps the field holds, or undefined when it is empty; throws an Error saying what is wrong.
 *
 * @example parseStepsField('[{"setWeight":20},{"pause":{}}]') // [{ setWeight: 20 }, { pause: {} }]
 * @param {string} text
 * @returns {unknown[] | undefined}
 */
export function parseStepsField(text) {
  if (text.trim() === '') return undefined;
  /** @type {unknown} */
  let steps;
  try {
    steps = JSON.parse(text);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new Error(`steps: not valid JSON (${reason}); write a list like ${EXAMPLE}`);
  }
  if (!Array.isArray(steps)) throw new Error(`steps: must be a JSON list of steps, like ${EXAMPLE}`);
  return steps;
}
