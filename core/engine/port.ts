import { noStats, type PortStats } from './stats';
import { Queue } from './queue';

/** One port's state: its items and the shared promises that nextWrite and nextRead hand out. */
export class Port {
  readonly items = new Queue<unknown>();
  /** The port number's running totals since the engine started; the engine points it at the right ones. */
  totals: PortStats = noStats();
  private waiter: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private readWaiter: Promise<void> | null = null;
  private readWake: (() => void) | null = null;

  /** A port someone waits on stays in the engine's map even when empty, so the wake-up reaches them. */
  get hasWaiter(): boolean {
    return this.wake !== null || this.readWake !== null;
  }

  /** Appends and wakes the waiters once; they resume after the writer's current synchronous code. */
  append(value: unknown): void {
    this.items.push(value);
    if (this.wake === null) return;
    const wake = this.wake;
    this.wake = null;
    this.waiter = null;
    wake();
  }

  nextWrite(): Promise<void> {
    if (this.waiter === null) this.waiter = new Promise<void>((resolve) => (this.wake = resolve));
    return this.waiter;
  }

  /** Resolves after the next read or clear of this port: room may have been made. */
  nextRead(): Promise<void> {
    if (this.readWaiter === null) this.readWaiter = new Promise<void>((resolve) => (this.readWake = resolve));
    return this.readWaiter;
  }

  /** Called after items left the port (a read, a clear, a reset). */
  taken(): void {
    if (this.readWake === null) return;
    const wake = this.readWake;
    this.readWake = null;
    this.readWaiter = null;
    wake();
  }
}
