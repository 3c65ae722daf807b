import type { PortEngine } from '../engine/engine';
import type { PortRates } from './source';

/** How often the engine's totals are sampled; a rate covers the last RATE_SAMPLES intervals (5 s, as the dashboard's). */
const SAMPLE_MS = 500;
const RATE_SAMPLES = 10;
export const RATE_WINDOW_MS = SAMPLE_MS * RATE_SAMPLES;

interface Sample {
  time: number;
  /** Per port number: writes and reads since the engine started. */
  counts: Map<number, [writes: number, reads: number]>;
}

const NONE: PortRates = Object.freeze({ writes: 0, reads: 0 });

/**
 * Port rates measured from the engine's always-on totals on a coarse timer, so they are right whenever a view first
 * looks and every view shows the same numbers. The engine's operations pay nothing for it (no clock read per
 * operation); a sample costs one pass over the ports used.
 */
export class TotalsRates {
  private readonly samples: Sample[] = [];
  private current = new Map<number, PortRates>();
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | undefined;

  /** `sampleEveryMs: 0` starts no timer: the owner calls sample() (tests do, at the times they choose). */
  constructor(
    private readonly engine: PortEngine,
    options: { sampleEveryMs?: number } = {},
  ) {
    const every = options.sampleEveryMs ?? SAMPLE_MS;
    if (every > 0) {
      this.sample(Date.now());
      this.timer = setInterval(() => this.sample(Date.now()), every);
      // The timer must not keep a process (the CLI, a test) alive by itself.
      (this.timer as { unref?: () => void }).unref?.();
    }
  }

  /** Writes and reads per second of a port, rounded to a tenth, as of the last sample. */
  of(port: number): PortRates {
    return this.current.get(port) ?? NONE;
  }

  /** Called after a sample changed some rate. Returns the function that stops listening. */
  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Takes the totals at `now` and works the rates out again against the oldest sample kept. */
  sample(now: number): void {
    const counts = new Map<number, [number, number]>();
    for (const { port, totals } of this.engine.allTotals()) counts.set(port, [totals.writes, totals.reads]);
    this.samples.push({ time: now, counts });
    if (this.samples.length > RATE_SAMPLES + 1) this.samples.shift();
    const oldest = this.samples[0]!;
    const seconds = (now - oldest.time) / 1000;
    const next = new Map<number, PortRates>();
    let changed = false;
    for (const [port, [writes, reads]] of counts) {
      const [w0, r0] = oldest.counts.get(port) ?? [0, 0];
      const rates = seconds > 0 ? { writes: perSecond(writes - w0, seconds), reads: perSecond(reads - r0, seconds) } : NONE;
      const old = this.of(port);
      changed ||= old.writes !== rates.writes || old.reads !== rates.reads;
      if (rates.writes || rates.reads) next.set(port, rates);
    }
    this.current = next;
    if (changed) for (const listener of this.listeners) listener();
  }

  dispose(): void {
    clearInterval(this.timer);
    this.listeners.clear();
  }
}

function perSecond(count: number, seconds: number): number {
  return Math.round((count / seconds) * 10) / 10;
}
