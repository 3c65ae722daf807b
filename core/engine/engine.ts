import { cloneForPort, cloneStored } from './clone';
import { DEFAULT_PORT_CAPACITY, NULL_PORT_DATA } from './constants';
import type { PortEvent, PortEventKind, PortListener } from './events';
import { createNsPorts, type NsPorts } from './ns';
import { Port } from './port';
import { toPortNumber } from './port-number';

export interface PortEngineOptions {
  /** The game's MaxPortCapacity, shared by every port (default 50). */
  capacity?: number;
}

export interface PortSnapshot {
  port: number;
  capacity: number;
  items: unknown[];
}

/**
 * The game's port system, rule for rule (shared/reference/game.md §1), with O(1) queues and change events.
 * Methods take port numbers the way the NS functions do and throw the game's texts for bad ones.
 */
export class PortEngine {
  private readonly ports = new Map<number, Port>();
  private listeners: PortListener[] = [];
  /** The last port dropped from the map, reused by the next new port so a port that keeps emptying keeps its queue. */
  private spare: Port | undefined;
  private maxCapacity = DEFAULT_PORT_CAPACITY;
  /** The NS port functions, bound to this engine: port code written for the game runs against it unchanged. */
  readonly ns: NsPorts;

  constructor(options: PortEngineOptions = {}) {
    if (options.capacity !== undefined) this.capacity = options.capacity;
    this.ns = createNsPorts(this);
  }

  get capacity(): number {
    return this.maxCapacity;
  }

  /** Like the game's setting: a smaller capacity does not trim ports; later writes evict one item each. */
  set capacity(value: number) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`capacity must be a positive integer, was ${value}`);
    this.maxCapacity = value;
  }

  /** NS functions that tag their events with who called them (a process's tag, a bridge, a command). */
  nsFor(actor: string): NsPorts {
    return createNsPorts(this, actor);
  }

  write(port: unknown, value: unknown, actor?: string): unknown {
    return this.writeAt(toPortNumber('writePort', port), value, actor);
  }

  tryWrite(port: unknown, value: unknown, actor?: string): boolean {
    return this.tryWriteAt(toPortNumber('tryWritePort', port), value, actor);
  }

  read(port: unknown, actor?: string): unknown {
    return this.readAt(toPortNumber('readPort', port), actor);
  }

  peek(port: unknown): unknown {
    return this.peekAt(toPortNumber('peek', port));
  }

  clear(port: unknown, actor?: string): void {
    this.clearAt(toPortNumber('clearPort', port), actor);
  }

  nextWrite(port: unknown): Promise<void> {
    return this.portFor(toPortNumber('nextPortWrite', port)).nextWrite();
  }

  /**
   * Resolves after the next read or clear of the port (the game has no such function): a writer waiting for room
   * uses it instead of a listener, which would make every port operation build an event.
   */
  nextRead(port: unknown): Promise<void> {
    return this.portFor(toPortNumber('nextRead', port)).nextRead();
  }

  /** Up to `max` reads in one call: the same items, events and wake-ups as that many read() calls, stopping when empty. */
  readMany(port: unknown, max: number, actor?: string): unknown[] {
    const n = toPortNumber('readPort', port);
    const out: unknown[] = [];
    // A listener may act on the port between reads, so with one the reads are the single calls themselves.
    if (this.listeners.length) {
      while (out.length < max && !this.empty(n)) out.push(this.readAt(n, actor));
      return out;
    }
    const p = this.ports.get(n);
    if (p === undefined) return out;
    const count = Math.min(max, p.items.length);
    for (let i = 0; i < count; i++) out.push(p.items.shift());
    if (count > 0) {
      p.taken();
      if (p.items.length === 0) this.drop(n, p);
    }
    return out;
  }

  /**
   * tryWrite of values[from..] in order, stopping at the first value refused because the port is full: returns how
   * many were written. The same stored items, events, refusal and wake-ups as those tryWrite() calls.
   */
  tryWriteMany(port: unknown, values: readonly unknown[], from = 0, actor?: string): number {
    const n = toPortNumber('tryWritePort', port);
    let at = from;
    let held: Port | undefined;
    while (at < values.length) {
      const value = values[at];
      const t = typeof value;
      // Primitives need no clone, so no outside code runs between their writes and the port can be held; the rest,
      // and any write with a listener, goes through the single call.
      if (this.listeners.length || (t === 'object' && value !== null) || t === 'function' || t === 'symbol') {
        held = undefined;
        if (!this.tryWriteAt(n, value, actor)) break;
      } else {
        held ??= this.portFor(n);
        if (held.items.length >= this.maxCapacity) break;
        held.append(value);
      }
      at++;
    }
    return at - from;
  }

  /** Number of items in a port (the game has no such function; tools need it). */
  size(port: number): number {
    return this.ports.get(port)?.items.length ?? 0;
  }

  full(port: number): boolean {
    const p = this.ports.get(port);
    return p !== undefined && p.items.length >= this.maxCapacity;
  }

  empty(port: number): boolean {
    const p = this.ports.get(port);
    return p === undefined || p.items.length === 0;
  }

  /** Puts an item back at the front without waking waiters: for a message taken but never delivered. */
  putBack(port: number, item: unknown): void {
    const p = this.portFor(port);
    p.items.unshift(item);
    if (this.listeners.length) this.emit('write', port, p.items.length, item, undefined);
  }

  /** Every non-empty port with copies of its items, lowest port first. */
  snapshot(): PortSnapshot[] {
    const out: PortSnapshot[] = [];
    for (const [port, p] of this.ports) {
      if (p.items.length) out.push({ port, capacity: this.maxCapacity, items: p.items.toArray().map(cloneStored) });
    }
    return out.sort((a, b) => a.port - b.port);
  }

  /** Listens to every change; returns the function that stops listening. No listener, no cost. */
  subscribe(listener: PortListener): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** What the game does to ports on a reload, an augmentation install or a soft reset: all gone. */
  reset(actor?: string): void {
    for (const [port, p] of this.ports) {
      const cleared = p.items.length;
      p.items.clear();
      p.taken();
      if (cleared && this.listeners.length) this.emit('clear', port, 0, undefined, actor, cleared);
    }
    this.ports.clear();
  }

  /** @internal the handle and the facade call these with an already checked number. */
  writeAt(port: number, value: unknown, actor?: string): unknown {
    const stored = cloneForPort('writePort', value);
    const p = this.portFor(port);
    p.append(stored);
    const emitting = this.listeners.length > 0;
    if (emitting) this.emit('write', port, p.items.length, stored, actor);
    if (p.items.length <= this.maxCapacity) return null;
    const evicted = p.items.shift();
    if (emitting) this.emit('evict', port, p.items.length, evicted, actor);
    return evicted;
  }

  /** @internal */
  tryWriteAt(port: number, value: unknown, actor?: string): boolean {
    const p = this.portFor(port);
    if (p.items.length >= this.maxCapacity) {
      if (this.listeners.length) this.emit('refused', port, p.items.length, value, actor);
      return false;
    }
    const stored = cloneForPort('tryWritePort', value);
    p.append(stored);
    if (this.listeners.length) this.emit('write', port, p.items.length, stored, actor);
    return true;
  }

  /** @internal */
  readAt(port: number, actor?: string): unknown {
    const p = this.ports.get(port);
    if (p === undefined || p.items.length === 0) return NULL_PORT_DATA;
    const item = p.items.shift();
    p.taken();
    if (p.items.length === 0) this.drop(port, p);
    if (this.listeners.length) this.emit('read', port, p.items.length, item, actor);
    return item;
  }

  /** @internal */
  peekAt(port: number): unknown {
    const p = this.ports.get(port);
    if (p === undefined || p.items.length === 0) return NULL_PORT_DATA;
    return cloneStored(p.items.front());
  }

  /** @internal clearing never wakes nextWrite waiters, as in the game. */
  clearAt(port: number, actor?: string): void {
    const p = this.ports.get(port);
    if (p === undefined) return;
    const cleared = p.items.length;
    p.items.clear();
    p.taken();
    this.drop(port, p);
    if (cleared && this.listeners.length) this.emit('clear', port, 0, undefined, actor, cleared);
  }

  /** @internal */
  portFor(port: number): Port {
    let p = this.ports.get(port);
    if (p === undefined) {
      p = this.spare ?? new Port();
      this.spare = undefined;
      this.ports.set(port, p);
    }
    return p;
  }

  /** Forgets an empty port nobody waits on; its object becomes the spare. */
  private drop(port: number, p: Port): void {
    if (p.hasWaiter) return;
    this.ports.delete(port);
    this.spare = p;
  }

  private emit(kind: PortEventKind, port: number, size: number, value: unknown, actor?: string, cleared?: number): void {
    const event: PortEvent = { kind, port, time: Date.now(), size };
    if (value !== undefined || kind === 'write' || kind === 'read' || kind === 'evict') event.value = value;
    if (cleared !== undefined) event.cleared = cleared;
    if (actor !== undefined) event.actor = actor;
    for (const listener of this.listeners) {
      try {
        listener(event);
      } catch (error) {
        // A broken listener must not undo or block the port operation that already happened.
        console.error('bitburner-ports: a port listener threw', error);
      }
    }
  }
}
