// @ts-check
/**
 * The axes of the canary charts as pure numbers: "nice" value ticks from 0 to just above the
 * largest value, and time ticks at round offsets from the window's start, with their labels.
 */

/** Round time steps, in seconds, from which a time axis picks the first wide enough. */
const TIME_STEPS = [1, 2, 5, 10, 15, 30, 60, 120, 300, 600, 900, 1800, 3600, 7200, 21600, 43200, 86400];

/**
 * A span as people say it: `45s`, `1m 20s`, `2h 5m`, `0s` (rounded down to the second).
 * @param {number} milliseconds
 */
export function formatDuration(milliseconds) {
  const total = Math.max(0, Math.floor(milliseconds / 1000));
  const hours = Math.floor(total / 3600);
  const minutes = Math.floor((total % 3600) / 60);
  const seconds = total % 60;
  if (hours > 0) return minutes > 0 ? `${hours}h ${minutes}m` : `${hours}h`;
  if (minutes > 0) return seconds > 0 ? `${minutes}m ${seconds}s` : `${minutes}m`;
  return `${seconds}s`;
}

/**
 * Ticks from 0 to `top`, a round number at or above `max`, about `count` of them.
 *
 * @example valueTicks(523) // { top: 600, ticks: [0, 200, 400, 600] }
 * @param {number} max the largest value to show (a target included)
 * @param {number} [count]
 * @returns {{ top: number, ticks: number[] }}
 */
export function valueTicks(max, count = 3) {
  const span = max > 0 && Number.isFinite(max) ? max : 1;
  const raw = span / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const normal = raw / magnitude;
  const step = (normal <= 1 ? 1 : normal <= 2 ? 2 : normal <= 2.5 ? 2.5 : normal <= 5 ? 5 : 10) * magnitude;
  const steps = Math.ceil(span / step - 1e-9);
  // Rounded, so 0.1 + 0.2 prints as 0.3 on the axis.
  const ticks = Array.from({ length: steps + 1 }, (_, index) => Number((index * step).toPrecision(12)));
  return { top: ticks.at(-1) ?? span, ticks };
}

/**
 * Ticks at round offsets from `from` (epoch ms) up to `to`, about `count` of them, each labelled
 * with its offset (`0s`, `30s`, `1m`, `1m 30s`).
 *
 * @param {number} from @param {number} to @param {number} [count]
 * @returns {{ at: number, label: string }[]}
 */
export function timeTicks(from, to, count = 4) {
  const spanSeconds = Math.max(1, (to - from) / 1000);
  const step = TIME_STEPS.find((candidate) => spanSeconds / candidate <= count) ?? TIME_STEPS.at(-1) ?? 1;
  /** @type {{ at: number, label: string }[]} */
  const ticks = [];
  for (let offset = 0; offset <= spanSeconds + 1e-9; offset += step) {
    ticks.push({ at: from + offset * 1000, label: formatDuration(offset * 1000) });
  }
  return ticks;
}
