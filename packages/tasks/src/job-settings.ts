/**
 * The job runner's knobs from the environment: how many jobs run at once and how long a cancelled
 * task may stop gracefully.
 */
import { TaskError } from './task-error.ts';

/** What the environment sets for the job runner. */
export interface JobSettings {
  /** LUKHAS_MAX_CONCURRENT_JOBS, default 2. */
  readonly maxConcurrent: number;
  /** LUKHAS_JOB_CANCEL_GRACE_MS: SIGTERM to SIGKILL, default 5000. */
  readonly cancelGraceMs: number;
}

/** The defaults when nothing is set. */
export const JOB_SETTING_DEFAULTS: JobSettings = { maxConcurrent: 2, cancelGraceMs: 5_000 };

const RANGES = {
  LUKHAS_MAX_CONCURRENT_JOBS: { min: 1, max: 64 },
  LUKHAS_JOB_CANCEL_GRACE_MS: { min: 0, max: 600_000 },
} as const;

/**
 * Reads the job knobs; a value that is not a whole number in range is an `INVALID_TASK_SETTINGS`
 * {@link TaskError} naming every such variable and its value.
 *
 * @example parseJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '4' }) // { maxConcurrent: 4, cancelGraceMs: 5000 }
 */
export function parseJobSettings(env: Readonly<Record<string, string | undefined>>): JobSettings {
  const problems: string[] = [];
  const wholeNumber = (name: keyof typeof RANGES): number | undefined => {
    const raw = env[name]?.trim();
    if (raw === undefined || raw === '') return undefined;
    const value = Number(raw);
    const { min, max } = RANGES[name];
    if (Number.isInteger(value) && value >= min && value <= max) return value;
    problems.push(`${name} must be a whole number from ${min} to ${max}, got "${raw}"`);
    return undefined;
  };
  const settings = {
    maxConcurrent: wholeNumber('LUKHAS_MAX_CONCURRENT_JOBS') ?? JOB_SETTING_DEFAULTS.maxConcurrent,
    cancelGraceMs: wholeNumber('LUKHAS_JOB_CANCEL_GRACE_MS') ?? JOB_SETTING_DEFAULTS.cancelGraceMs,
  };
  if (problems.length > 0) throw new TaskError('INVALID_TASK_SETTINGS', problems.join('; '));
  return settings;
}
