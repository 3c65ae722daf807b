import { Queue } from './queue';

/** One port's state: its items and the one shared promise that nextWrite hands out. */
export class Port {
  readonly items = new Queue<unknown>();
  private waiter: Promise<void> | null = null;
  private wake: (() => void) | null = null;

  get hasWaiter(): boolean {
    return this.wake !== null;
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
}
