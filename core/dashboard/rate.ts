const BUCKET_MS = 500;
const BUCKETS = 10;

/** The window a rate covers: the last few whole half-seconds. */
const RATE_WINDOW_MS = BUCKET_MS * BUCKETS;

/**
 * Counts per half second in a small ring; the rate is the count over the last RATE_WINDOW_MS of complete buckets,
 * so it does not flicker with where in a bucket the clock happens to be.
 */
export class RateMeter {
  private readonly buckets = new Float64Array(BUCKETS + 1);
  /** Absolute index (time / BUCKET_MS) of the newest bucket. */
  private head = -Infinity;
  private total = 0;

  add(time: number, count = 1): void {
    const index = Math.floor(time / BUCKET_MS);
    this.advance(index);
    if (index <= this.head - BUCKETS - 1) return; // older than the window: nothing to count it in
    this.buckets[mod(index)]! += count;
    this.total += count;
  }

  /** Per second at `now`. */
  rate(now: number): number {
    this.advance(Math.floor(now / BUCKET_MS));
    const current = this.buckets[mod(this.head)]!;
    return ((this.total - current) * 1000) / RATE_WINDOW_MS;
  }

  /** How many were counted in the window at `now`, the current bucket included: a share of traffic, not a rate. */
  count(now: number): number {
    this.advance(Math.floor(now / BUCKET_MS));
    return this.total;
  }

  /** False once the window holds nothing: the rate is 0 until the next event. */
  get active(): boolean {
    return this.total > 0;
  }

  private advance(index: number): void {
    if (index <= this.head) return;
    if (index - this.head > BUCKETS) {
      this.buckets.fill(0);
      this.total = 0;
    } else {
      for (let i = this.head + 1; i <= index; i++) {
        this.total -= this.buckets[mod(i)]!;
        this.buckets[mod(i)] = 0;
      }
    }
    this.head = index;
  }
}

function mod(index: number): number {
  return ((index % (BUCKETS + 1)) + BUCKETS + 1) % (BUCKETS + 1);
}
