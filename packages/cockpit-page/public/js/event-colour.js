// @ts-check
/**
 * The colour of an event in the logs, by its lifecycle type: green for success, orange for
 * progress, red for errors (a metric sample that breached is an error too).
 */

const SUCCESS = new Set(['completed', 'promoted']);
const ERROR = new Set(['failed', 'cancelled', 'rolled_back', 'error']);

/**
 * @param {string} type the event's lifecycle type (`queued`, `metric`, `rolled_back`…)
 * @param {any} [data] its structured data
 * @returns {'success' | 'progress' | 'error'}
 */
export function eventColour(type, data) {
  if (SUCCESS.has(type)) return 'success';
  if (ERROR.has(type)) return 'error';
  if (type === 'metric' && data?.breached === true) return 'error';
  return 'progress';
}
