/**
 * The order samples are judged and shown in: by time, ties by `seq`. Samples usually arrive in it
 * already (the engine appends them, a store reads them so), so callers check before they sort.
 */

/** What the order reads of a sample (a judged one, a stored one). */
export interface TimedSample {
  readonly at: number;
  readonly seq: number;
}

/** Compares by time, then `seq`: negative when `a` goes first. */
export function compareSampleOrder(a: TimedSample, b: TimedSample): number {
  return a.at - b.at || a.seq - b.seq;
}

/**
 * Whether `samples` are in that order already: the check a stable sort makes before it moves
 * anything, so sorting them would give the same array.
 */
export function inSampleOrder(samples: readonly TimedSample[]): boolean {
  for (let index = 1; index < samples.length; index += 1) {
    if (compareSampleOrder(samples[index - 1] as TimedSample, samples[index] as TimedSample) > 0)
      return false;
  }
  return true;
}
