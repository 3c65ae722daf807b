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
  /**
   * Offers values[from..] in order, like tryWrite (never evicting), and stops at the first the port refuses because
   * it is full. Returns how many it took.
   */
  offerFrom(port: number, values: readonly unknown[], from: number): number | Promise<number>;
  take(port: number): unknown | Promise<unknown>;
  /**
   * Only where the place answers at once (not with promises), so several messages can go in one write: takes up to
   * `max` messages (fewer when the port runs empty).
   */
  takeMany?(port: number, max: number): unknown[];
  /** Whether putBack can put a message at the front (the game cannot: its messages go back with a write). */
  readonly frontPutBack: boolean;
  /** Puts an undelivered message back at the front; false when the port is full or this place cannot. */
  putBack(port: number, value: unknown): boolean;
  /** Where the place can tell at once: how many more messages the port takes. */
  room?(port: number): number;
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
  readonly frontPutBack = true;

  constructor(
    private readonly engine: PortEngine,
    private readonly actor: string,
  ) {}

  offerFrom(port: number, values: readonly unknown[], from: number): number {
    return this.engine.tryWriteMany(port, values, from, this.actor);
  }
  take(port: number): unknown {
    return this.engine.empty(port) ? EMPTY : this.engine.read(port, this.actor);
  }
  takeMany(port: number, max: number): unknown[] {
    return this.engine.readMany(port, max, this.actor);
  }
  putBack(port: number, value: unknown): boolean {
    if (this.engine.full(port)) return false;
    this.engine.putBack(port, value);
    return true;
  }
  room(port: number): number {
    return Math.max(0, this.engine.capacity - this.engine.size(port));
  }
  post(port: number, value: unknown): void {
    this.engine.write(port, value, this.actor);
  }
  whenRoom(port: number, signal: AbortSignal): Promise<void> {
    return untilSettled(signal, this.engine.nextRead(port));
  }
  whenData(port: number, signal: AbortSignal): Promise<void> {
    return untilSettled(signal, this.engine.nextWrite(port));
  }
}

/**
 * Another port source (the game through its link). It cannot put a message back at the front. The link speaks JSON,
 * so a binary frame crosses as an array of byte values (which binary input accepts back as bytes).
 */
export class SourcePortIo implements PortIo {
  readonly frontPutBack = false;
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

/** The wake-ups waiting on each signal, so a signal gets one abort listener rather than one added and removed per wait. */
const waitingOn = new WeakMap<AbortSignal, Set<() => void>>();

function wakeOnAbort(signal: AbortSignal, wake: () => void): Set<() => void> {
  let waiting = waitingOn.get(signal);
  if (waiting === undefined) {
    const all = (waiting = new Set());
    waitingOn.set(signal, all);
    signal.addEventListener('abort', () => all.forEach((w) => w()), { once: true });
  }
  return waiting.add(wake);
}

/** Resolves when `event` does or on abort. The engine's promises need no unsubscribing, so this is all a wait costs. */
function untilSettled(signal: AbortSignal, event: Promise<void>): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const waiting = wakeOnAbort(signal, resolve);
    void event.then(() => {
      waiting.delete(resolve);
      resolve();
    });
  });
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
      waiting.delete(wake);
      resolve();
    };
    const waiting = wakeOnAbort(signal, wake);
    stop = listen(wake);
    if (done) stop();
  });
}
