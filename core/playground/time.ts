/** Simulated or wall-clock time for the playground's scripts, with one queue of timers fired in a fixed order. */

const UNITS: Record<string, number> = { ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `500ms`, `30s`, `10m`, `1h`, `1.5h` or a plain number of milliseconds, as milliseconds. */
export function parseDuration(text: string | number, what: string): number {
  if (typeof text === 'number' && text >= 0) return text;
  const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m|h|d)?\s*$/.exec(String(text));
  if (!m) throw new Error(`${what} must be a duration like 30s, 10m or 1h (or milliseconds), was ${JSON.stringify(text)}`);
  return Number(m[1]) * (UNITS[m[2] ?? 'ms'] as number);
}

/** 3723000 → `1h 2m 3s`: how a report says a simulated time. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  const s = Math.round(ms / 1000);
  const parts = [[Math.floor(s / 3600), 'h'], [Math.floor((s % 3600) / 60), 'm'], [s % 60, 's']] as const;
  return parts.filter(([n], i) => n > 0 || (i === 2 && s === 0)).map(([n, u]) => `${n}${u}`).join(' ');
}

interface Timer {
  at: number;
  seq: number;
  fire: () => void;
}

/**
 * The timers of every script in one binary heap ordered by (time, creation order): equal times wake in the order the
 * sleeps began, like the browser's setTimeout. The scheduler fires one timer per macrotask, so each woken script runs
 * its synchronous part and microtasks (nextWrite wake-ups) to the end before the next one wakes, as in the game.
 */
export class TimerQueue {
  private heap: Timer[] = [];
  private seq = 0;

  get size(): number {
    return this.heap.length;
  }

  add(at: number, fire: () => void): Timer {
    const timer = { at, seq: this.seq++, fire };
    this.heap.push(timer);
    this.up(this.heap.length - 1);
    return timer;
  }

  /** Removes a timer (a killed script's sleep); O(n), rare. */
  remove(timer: Timer): void {
    const i = this.heap.indexOf(timer);
    if (i < 0) return;
    const last = this.heap.pop() as Timer;
    if (i < this.heap.length) {
      this.heap[i] = last;
      this.down(i);
      this.up(i);
    }
  }

  peek(): Timer | undefined {
    return this.heap[0];
  }

  pop(): Timer | undefined {
    const top = this.heap[0];
    const last = this.heap.pop();
    if (top !== last && last) {
      this.heap[0] = last;
      this.down(0);
    }
    return top;
  }

  private less(a: Timer, b: Timer): boolean {
    return a.at < b.at || (a.at === b.at && a.seq < b.seq);
  }

  private up(i: number): void {
    const h = this.heap;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!this.less(h[i] as Timer, h[parent] as Timer)) return;
      [h[i], h[parent]] = [h[parent] as Timer, h[i] as Timer];
      i = parent;
    }
  }

  private down(i: number): void {
    const h = this.heap;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < h.length && this.less(h[l] as Timer, h[m] as Timer)) m = l;
      if (r < h.length && this.less(h[r] as Timer, h[m] as Timer)) m = r;
      if (m === i) return;
      [h[i], h[m]] = [h[m] as Timer, h[i] as Timer];
      i = m;
    }
  }
}

export type { Timer };
