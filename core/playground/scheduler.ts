import { TimerQueue, type Timer } from './time';

export type SchedulerEnd = 'idle' | 'until' | 'stopped';

/**
 * The run's clock and its timers. Virtual time (speed Infinity): when nothing is left to run (every microtask done),
 * the clock jumps to the earliest timer and fires it. A finite speed: the same queue, fired when the wall clock gets
 * there (speed 1 is real time, 10 ten times faster). Either way the run is over when no timer is left and nothing is
 * loading: every script has ended or waits on a port for good.
 */
export class Scheduler {
  private readonly timers = new TimerQueue();
  private virtualNow = 0;
  /** With a finite speed, the simulated time is virtualNow plus the scaled wall time since wallBase. */
  private wallBase: number;
  /** Script loads in flight: the clock does not move, and the run does not end, while a module is being read. */
  private loading = 0;
  private parked = false;
  private stopped = false;
  private wallTimer: NodeJS.Timeout | undefined;
  private finish: ((end: SchedulerEnd) => void) | undefined;

  constructor(
    private speed: number,
    private readonly until: number,
    private readonly wallNow: () => number,
    /** Called after each timer fired, once its microtasks ran: the run flushes its trace here. */
    private readonly onStep: () => void,
  ) {
    this.wallBase = wallNow();
  }

  /** Simulated milliseconds since the run started. */
  get now(): number {
    if (this.speed === Infinity) return this.virtualNow;
    return Math.min(this.virtualNow + (this.wallNow() - this.wallBase) * this.speed, this.until);
  }

  /** Changes the speed from now on (Infinity: jump over waits); a timer being waited for is waited for anew. */
  setSpeed(speed: number): void {
    this.virtualNow = this.now;
    this.wallBase = this.wallNow();
    this.speed = speed;
    if (this.wallTimer) {
      clearTimeout(this.wallTimer);
      setImmediate(this.step);
    }
  }

  at(delayMs: number, fire: () => void): Timer {
    return this.timers.add(this.now + Math.max(0, Number(delayMs) || 0), fire);
  }

  cancel(timer: Timer): void {
    this.timers.remove(timer);
  }

  /** Wraps a script load: the run waits for it. */
  async load<T>(work: Promise<T>): Promise<T> {
    this.loading++;
    try {
      return await work;
    } finally {
      if (--this.loading === 0 && this.parked) {
        this.parked = false;
        setImmediate(this.step);
      }
    }
  }

  run(): Promise<SchedulerEnd> {
    return new Promise((done) => {
      this.finish = done;
      setImmediate(this.step);
    });
  }

  /** Ends the run at the next step; scripts still loading start first, so a stop never hides what they do. */
  stop(): void {
    this.stopped = true;
    clearTimeout(this.wallTimer);
    if (!this.loading) setImmediate(this.step);
  }

  private readonly step = (): void => {
    this.wallTimer = undefined;
    if (this.loading) {
      this.parked = true;
      return;
    }
    if (this.stopped) return this.end('stopped');
    const next = this.timers.peek();
    if (!next) return this.end('idle');
    if (this.speed !== Infinity) {
      const wait = (Math.min(next.at, this.until) - this.now) / this.speed;
      if (wait > 0) {
        this.wallTimer = setTimeout(this.step, wait);
        return;
      }
    }
    if (next.at > this.until) {
      this.virtualNow = this.until;
      this.wallBase = this.wallNow();
      return this.end('until');
    }
    this.timers.pop();
    if (this.speed === Infinity) this.virtualNow = Math.max(this.virtualNow, next.at);
    next.fire();
    setImmediate(this.afterFire);
  };

  /** The woken script's microtasks have run by now. */
  private readonly afterFire = (): void => {
    this.onStep();
    this.step();
  };

  private end(reason: SchedulerEnd): void {
    const finish = this.finish;
    this.finish = undefined;
    finish?.(reason);
  }
}
