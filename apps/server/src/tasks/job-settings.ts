/**
 * The job runner's knobs from the environment: how many jobs run at once and how long a cancelled
 * task may stop gracefully.
 */
import { ConfigError } from '../config.ts';

/** What the environment sets for the job runner. */
export interface JobSettings {
  /** LUKHAS_MAX_CONCURRENT_JOBS, default 2. */
  readonly maxConcurrent: number;
  /** LUKHAS_JOB_CANCEL_GRACE_MS: SIGTERM to SIGKILL, default 5000. */
  readonly cancelGraceMs: number;
}

/** The defaults when nothing is set. */
export const JOB_SETTING_DEFAULTS: JobSettings = { maxConcurrent: 2, cancelGraceMs: 5_000 };

/**
 * Reads the job knobs; a value that is not a whole number in range is a `ConfigError`.
 *
 * @example loadJobSettings({ LUKHAS_MAX_CONCURRENT_JOBS: '4' }) // { maxConcurrent: 4, cancelGraceMs: 5000 }
 */
export function loadJobSettings(env: Readonly<Record<string, string | undefined>>): JobSettings {
  return {
    maxConcurrent:
      wholeNumber(env, 'LUKHAS_MAX_CONCURRENT_JOBS', { min: 1, max: 64 }) ??
      JOB_SETTING_DEFAULTS.maxConcurrent,
    cancelGraceMs:
      wholeNumber(env, 'LUKHAS_JOB_CANCEL_GRACE_MS', { min: 0, max: 600_000 }) ??
      JOB_SETTING_DEFAULTS.cancelGraceMs,
  };
}

function wholeNumber(
  env: Readonly<Record<string, string | undefined>>,
  name: string,
  range: { readonly min: number; readonly max: number },
): number | undefined {
  const raw = env[name]?.trim();
  if (raw === undefined || raw === '') return undefined;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < range.min || value > range.max) {
    throw new ConfigError(`${name} must be a whole number from ${range.min} to ${range.max}, got "${raw}"`);
  }
  return value;
}
