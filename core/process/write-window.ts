/** The work a program may hold ahead, at its own measured pace: what a stop then waits for is about this long. */
export const PACE_MS = 10;

/**
 * How many messages a run where intake follows output may have taken and not yet seen answered. It starts at
 * `writeAhead` and stays there for a program whose pace is unknown or slow. A program that keeps up earns more: the
 * window opens to what it answers in PACE_MS, never past `limit`. Every batch to a program costs two process
 * wake-ups, so a fixed small window would cap a fast program at a small fraction of what its pipe can carry, while a
 * slow program (the one a stop could strand messages in) keeps the small bound.
 */
export class WriteWindow {
  size: number;
  /** Answers per millisecond, smoothed over the last few deliveries; 0 until the first. */
  private pace = 0;
  /** Since when the program has had something to answer: the time its answers are measured against. */
  private busySince: number | undefined;

  constructor(
    private readonly min: number,
    private readonly limit: number,
  ) {
    this.size = min;
  }

  get measuring(): boolean {
    return this.busySince !== undefined;
  }

  /** A message was taken while nothing was ahead: the program has work from now. */
  busy(now: number): void {
    this.busySince ??= now;
  }

  /** `count` answers came at `now`; `ahead` are still unanswered. */
  answered(count: number, ahead: number, now: number): void {
    if (this.busySince !== undefined) {
      // A delivery within the same tick as the write says little beyond "fast": count it as a tenth of a millisecond.
      const rate = count / Math.max(now - this.busySince, 0.1);
      this.pace = this.pace === 0 ? rate : (this.pace + rate) / 2;
      this.size = Math.min(this.limit, Math.max(this.min, Math.floor(this.pace * PACE_MS)));
    }
    this.busySince = ahead > 0 ? now : undefined;
  }
}
