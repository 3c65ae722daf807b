import { NULL_PORT_DATA } from '../engine/constants';
import type { PortEngine } from '../engine/engine';
import type { PortSource } from '../port-view/source';

/** What `take` returns for an empty port. */
export const EMPTY: unique symbol = Symbol('empty port');

/**
 * The little a process port needs of "a place with ports": offer without evicting, take, put back, and wake-ups.
 * Sync results where the place allows (the embedded engine), promises where it does not (the game).
 */
export interface PortIo {
  readonly target: string;
  /** True when offerFrom and take answer at once (not with promises), so several messages can go in one write. */
  readonly immediate: boolean;
  /**
   * Offers values[from..] in order, like tryWrite (never evicting), and stops at the first the port refuses because
   * it is full. Returns how many it took.
   */
  offerFrom(port: number, values: readonly unknown[], from: number): number | Promise<number>;
  take(port: number): unknown | Promise<unknown>;
  /** Puts an undelivered message back at the front; false when this place cannot (the caller reports it instead). */
  putBack(port: number, value: unknown): boolean;
  /** Writes an event message; a full events port drops its oldest, as the game's write does. */
  post(port: number, value: unknown): void | Promise<void>;
  /** Resolves after a change that may have made room in `port` (a read, a clear). */
  whenRoom(port: number, signal: AbortSignal): Promise<void>;
  /** Resolves after a change that may have put something in `port`. */
  whenData(port: number, signal: AbortSignal): Promise<void>;
}

/** The embedded engine: synchronous, exact wake-ups from its own events. */
export class EnginePortIo implements PortIo {
  readonly target = 'engine';
  readonly immediate = true;

  constructor(
    private readonly engine: PortEngine,
    private readonly actor: string,
  ) {}

  offerFrom(port: number, values: readonly unknown[], from: number): number {
    let at = from;
    while (at < values.length && this.engine.tryWrite(port, values[at], this.actor)) at++;
    return at - from;
  }
  take(port: number): unknown {
    return this.engine.empty(port) ? EMPTY : this.engine.read(port, this.actor);
  }
  putBack(port: number, value: unknown): boolean {
    this.engine.putBack(port, value);
    return true;
  }
  post(port: number, value: unknown): void {
    this.engine.write(port, value, this.actor);
  }
  whenRoom(port: number, signal: AbortSignal): Promise<void> {
    return untilEvent(signal, (wake) => this.engine.subscribe((e) => e.port === port && (e.kind === 'read' || e.kind === 'clear') && wake()));
  }
  whenData(port: number, signal: AbortSignal): Promise<void> {
    return untilEvent(signal, (wake) => {
      void this.engine.nextWrite(port).then(wake);
      return () => {};
    });
  }
}

/**
 * Another port source (the game through its link). It cannot put a message back at the front. The link speaks JSON,
 * so a binary frame crosses as an array of byte values (which binary input accepts back as bytes).
 */
export class SourcePortIo implements PortIo {
  readonly immediate = false;

  constructor(private readonly source: PortSource) {}

  get target(): string {
    return this.source.id;
  }
  async offerFrom(port: number, values: readonly unknown[], from: number): Promise<number> {
    let at = from;
    while (at < values.length && (await this.source.tryWrite(port, toJsonable(values[at])))) at++;
    return at - from;
  }
  /** The game says "NULL PORT DATA" for an empty port; a message that is that very string cannot be told apart. */
  async take(port: number): Promise<unknown> {
    const value = await this.source.read(port);
    return value === NULL_PORT_DATA ? EMPTY : value;
  }
  putBack(): boolean {
    return false;
  }
  async post(port: number, value: unknown): Promise<void> {
    await this.source.write(port, value);
  }
  whenRoom(_port: number, signal: AbortSignal): Promise<void> {
    return untilEvent(signal, (wake) => this.source.watch(wake));
  }
  whenData(port: number, signal: AbortSignal): Promise<void> {
    return this.whenRoom(port, signal);
  }
}

function toJsonable(value: unknown): unknown {
  return value instanceof Uint8Array ? Array.from(value) : value;
}

/** Resolves on the first wake-up or on abort, whichever comes first, and always stops listening. */
function untilEvent(signal: AbortSignal, listen: (wake: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let stop: (() => void) | undefined;
    let done = false;
    const wake = () => {
      if (done) return;
      done = true;
      stop?.();
      signal.removeEventListener('abort', wake);
      resolve();
    };
    signal.addEventListener('abort', wake);
    stop = listen(wake);
    if (done) stop();
  });
}
