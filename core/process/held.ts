import { Listeners } from './listeners';
import type { PortIo } from './port-io';

/**
 * Which end of the port held messages go to: `back` for a program's output (after what is there, as a write would),
 * `front` for messages taken from the input port that never reached the program (where they were taken from).
 */
export type HeldEnd = 'back' | 'front';

/**
 * Messages that found no room in a port: never dropped and never written past its capacity. They go in, oldest
 * first, as room appears (a read, a clear), or when `deliver()` is called; they outlive the run that made them.
 */
export class HeldMessages {
  private items: unknown[] = [];
  private at = 0;
  private draining = false;
  private readonly stopped = new AbortController();
  private readonly changes = new Listeners<void>();

  constructor(
    readonly port: number,
    readonly end: HeldEnd,
    private readonly io: PortIo,
    /** Called with how many went into the port. */
    private readonly written: (count: number) => void,
    private readonly fail: (message: string, values: unknown[]) => void,
  ) {}

  get size(): number {
    return this.items.length - this.at;
  }

  /** Copies of what waits, oldest first. */
  values(): unknown[] {
    return this.items.slice(this.at);
  }

  /** Fires when the count changes (not for messages that went straight in). */
  onChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  /**
   * Output to the back of the port: straight in while nothing waits and there is room (the common case, with no
   * copy), the rest held behind what already waits.
   */
  add(values: unknown[]): void {
    if (!values.length || this.stopped.signal.aborted) return;
    if (this.end === 'back' && this.size === 0) {
      const taken = this.io.offerFrom(this.port, values, 0);
      if (typeof taken === 'number') {
        if (taken) this.written(taken);
        if (taken === values.length) return;
        values = taken ? values.slice(taken) : values;
      } else {
        // A place that answers later: hold everything, and let the drain write it in order.
        this.items = values.slice();
        this.at = 0;
        this.changes.fire();
        void this.drain(taken);
        return;
      }
    }
    this.items = this.at < this.items.length ? this.items.slice(this.at).concat(values) : values.slice();
    this.at = 0;
    this.changes.fire();
    void this.drain();
  }

  /** Tries now (the game gives no exact wake-ups; a user command can), then keeps waiting for room. */
  async deliver(): Promise<void> {
    await this.drain();
  }

  /** Stops waiting for room; what is held stays readable with values(). */
  dispose(): void {
    this.stopped.abort();
  }

  private async drain(first?: Promise<number>): Promise<void> {
    if (this.draining) return;
    this.draining = true;
    try {
      let pending = first;
      while (this.size && !this.stopped.signal.aborted) {
        const result = pending ?? this.writeSome();
        pending = undefined;
        const n = typeof result === 'number' ? result : await result;
        if (n) this.took(n);
        if (this.size) await this.io.whenRoom(this.port, this.stopped.signal);
      }
    } catch (e) {
      this.fail(`writing held messages to port ${this.port} failed: ${(e as Error).message}; they stay held (Deliver Held Messages tries again)`, this.values());
    } finally {
      this.draining = false;
    }
  }

  /**
   * Writes what fits; returns how many. At the front, the oldest that fit go back, newest first, so the oldest is read
   * next; room comes from reads of the front, so each later one is again the oldest left.
   */
  private writeSome(): number | Promise<number> {
    const { io, port } = this;
    if (this.end === 'back' || !io.frontPutBack || !io.room) return io.offerFrom(port, this.items, this.at);
    const n = Math.min(this.size, io.room(port));
    for (let i = this.at + n - 1; i >= this.at; i--) io.putBack(port, this.items[i]);
    return n;
  }

  private took(n: number): void {
    this.at += n;
    if (this.at === this.items.length) {
      this.items = [];
      this.at = 0;
    }
    this.written(n);
    this.changes.fire();
  }
}
