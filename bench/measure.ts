import { alignedTable } from '../cli/run/table';

/** Runs `fn` (which does `ops` operations) `rounds` times after a warm-up and returns the median ns per operation. */
export function nsPerOp(ops: number, fn: () => void, rounds = 7): number {
  fn();
  const times: number[] = [];
  for (let r = 0; r < rounds; r++) {
    const start = process.hrtime.bigint();
    fn();
    times.push(Number(process.hrtime.bigint() - start) / ops);
  }
  return median(times);
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;
}

/** Prints rows as an aligned table. */
export function table(head: string[], rows: (string | number)[][]): void {
  const cells = rows.map((r) => r.map((c) => (typeof c === 'number' ? c.toFixed(c < 10 ? 2 : 0) : c)));
  for (const line of alignedTable(head, cells)) console.log(line);
}
