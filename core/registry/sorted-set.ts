/** A small set of numbers kept in ascending order: the lowest is always taken first. */
export class SortedNumbers {
  private readonly values: number[] = [];

  get size(): number {
    return this.values.length;
  }

  add(n: number): void {
    const i = this.indexOf(n);
    if (this.values[i] !== n) this.values.splice(i, 0, n);
  }

  delete(n: number): boolean {
    const i = this.indexOf(n);
    if (this.values[i] !== n) return false;
    this.values.splice(i, 1);
    return true;
  }

  has(n: number): boolean {
    return this.values[this.indexOf(n)] === n;
  }

  /** Replaces the contents with `sorted` (ascending, no repeats): undoing a change. */
  reset(sorted: readonly number[]): void {
    this.values.length = 0;
    for (const n of sorted) this.values.push(n);
  }

  takeLowest(): number | undefined {
    return this.values.shift();
  }

  toArray(): number[] {
    return [...this.values];
  }

  private indexOf(n: number): number {
    let lo = 0;
    let hi = this.values.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if ((this.values[mid] as number) < n) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }
}
