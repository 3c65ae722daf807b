import { cloneForPort, cloneStored, refuseTyped, type Refusal } from './clone';
import { DEFAULT_PORT_CAPACITY, NULL_PORT_DATA } from './constants';
import type { PortEvent, PortEventKind, PortListener } from './events';
import { noStats, type PortStats } from './stats';
import type { ScriptIdentity } from './game-error';
import { DEFAULT_GAME_VERSION, type GameVersion } from './game-version';
import { createNsPorts, type NsOptions, type NsPorts } from './ns';
import { Port } from './port';
import { toPortNumber } from './port-number';

/** Who `engine.ns` and a facade named only by an actor tag stand for in the game's error texts. */
const UNNAMED_SCRIPT: ScriptIdentity = { script: 'script.js', host: 'home', pid: 0 };
/** How many drained ports stay in the map: a port that empties and refills then costs no Map delete+set (~100 ns). */
const KEEP_DRAINED = 8;

export interface PortEngineOptions {
  /** The game's MaxPortCapacity, shared by every port (default 50). */
  capacity?: number;
  /** Whose error texts the engine and its facades use (default: the current 3.x). */
  version?: GameVersion;
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
  /**
   * Per port number, what happened to it since the engine started (the same kinds as its events), kept whether or
   * not anyone listens: one increment per operation. Every view's counts come from here, so they agree.
   */
  private readonly tallies = new Map<number, PortStats>();
  private listeners: PortListener[] = [];
  /** The last port dropped from the map, reused by the next new port so a port that keeps emptying keeps its queue. */
  private spare: Port | undefined;
  /** Ports that drained lately, oldest first: they stay in the map until KEEP_DRAINED newer ones drain. */
  private readonly drained: number[] = [];
  private maxCapacity = DEFAULT_PORT_CAPACITY;
  readonly version: GameVersion;
  /**
   * The NS port functions, bound to this engine: port code written for the game runs against it unchanged and
   * sees what the game throws (for an unnamed `script.js@home (PID - 0)`; nsFor names the script).
   */
  readonly ns: NsPorts;

  constructor(options: PortEngineOptions = {}) {
    if (options.capacity !== undefined) this.capacity = options.capacity;
    this.version = options.version ?? DEFAULT_GAME_VERSION;
    this.ns = createNsPorts(this, UNNAMED_SCRIPT, undefined);
  }

  get capacity(): number {
    return this.maxCapacity;
  }

  /** Like the game's setting: a smaller capacity does not trim ports; later writes evict one item each. */
  set capacity(value: number) {
    if (!Number.isSafeInteger(value) || value < 1) throw new RangeError(`capacity must be a positive integer, was ${value}`);
    this.maxCapacity = value;
  }

  /**
   * The `ns` port functions of one script: events tagged with its name (or with the actor tag given instead: a
   * process, a bridge, a command), errors thrown as the game throws them for that script and game version.
   */
  nsFor(who: string | ScriptIdentity, options: NsOptions = {}): NsPorts {
    if (typeof who === 'string') return createNsPorts(this, { ...UNNAMED_SCRIPT, script: who }, who, options);
    return createNsPorts(this, who, who.script, options);
  }

  write(port: unknown, value: unknown, actor?: string): unknown {
    return this.writeAt(this.check('writePort', port), value, actor);
  }

  tryWrite(port: unknown, value: unknown, actor?: string): boolean {
    return this.tryWriteAt(this.check('tryWritePort', port), value, actor);
  }

  read(port: unknown, actor?: string): unknown {
    return this.readAt(this.check('readPort', port), actor);
  }

  peek(port: unknown): unknown {
    return this.peekAt(this.check('peek', port));
  }

  clear(port: unknown, actor?: string): void {
    this.clearAt(this.check('clearPort', port), actor);
  }

  nextWrite(port: unknown): Promise<void> {
    return this.portFor(this.check('nextPortWrite', port)).nextWrite();
  }

  /** The game's ns.isFullPort (3.x): full() of that port, after the same port-number check. */
  isFullPort(port: unknown): boolean {
    return this.full(this.check('isFullPort', port));
  }

  /** The game's ns.isEmptyPort (3.x): empty() of that port, after the same port-number check. */
  isEmptyPort(port: unknown): boolean {
    return this.empty(this.check('isEmptyPort', port));
  }

  /**
   * Resolves after the next read or clear of the port (the game has no such function): a writer waiting for room
   * uses it instead of a listener, which would make every port operation build an event.
   */
  nextRead(port: unknown): Promise<void> {
    return this.portFor(this.check('nextRead', port)).nextRead();
  }

  /** Up to `max` reads in one call: the same items, events and wake-ups as that many read() calls, stopping when empty. */
  readMany(port: unknown, max: number, actor?: string): unknown[] {
    const n = this.check('readPort', port);
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
    p.totals.reads += count;
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
    const n = this.check('tryWritePort', port);
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
        held.totals.writes++;
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
    p.totals.writes++;
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

  /** What happened to a port since the engine started: writes, reads, evictions, refused writes, clears. */
  totals(port: number): PortStats {
    const t = this.tallies.get(port);
    return t ? { ...t } : noStats();
  }

  /** Every port that has seen an operation, with its totals, lowest port first. */
  allTotals(): { port: number; totals: PortStats }[] {
    return [...this.tallies].map(([port, t]) => ({ port, totals: { ...t } })).sort((a, b) => a.port - b.port);
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
      if (cleared) p.totals.clears++;
      if (cleared && this.listeners.length) this.emit('clear', port, 0, undefined, actor, cleared);
    }
    this.ports.clear();
    this.drained.length = 0;
  }

  /** @internal the handle and the facade call these with an already checked number. */
  writeAt(port: number, value: unknown, actor?: string, refuse: Refusal = refuseTyped): unknown {
    const stored = cloneForPort('writePort', value, refuse);
    const p = this.portFor(port);
    p.append(stored);
    p.totals.writes++;
    const emitting = this.listeners.length > 0;
    if (emitting) this.emit('write', port, p.items.length, stored, actor);
    if (p.items.length <= this.maxCapacity) return null;
    const evicted = p.items.shift();
    p.totals.evictions++;
    if (emitting) this.emit('evict', port, p.items.length, evicted, actor);
    return evicted;
  }

  /** @internal */
  tryWriteAt(port: number, value: unknown, actor?: string, refuse: Refusal = refuseTyped): boolean {
    const p = this.portFor(port);
    if (p.items.length >= this.maxCapacity) {
      p.totals.refused++;
      if (this.listeners.length) this.emit('refused', port, p.items.length, value, actor);
      return false;
    }
    const stored = cloneForPort('tryWritePort', value, refuse);
    p.append(stored);
    p.totals.writes++;
    if (this.listeners.length) this.emit('write', port, p.items.length, stored, actor);
    return true;
  }

  /** @internal */
  readAt(port: number, actor?: string): unknown {
    const p = this.ports.get(port);
    if (p === undefined || p.items.length === 0) return NULL_PORT_DATA;
    const item = p.items.shift();
    p.totals.reads++;
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
    if (cleared) p.totals.clears++;
    this.drop(port, p);
    if (cleared && this.listeners.length) this.emit('clear', port, 0, undefined, actor, cleared);
  }

  /** @internal */
  portFor(port: number): Port {
    let p = this.ports.get(port);
    if (p === undefined) {
      p = this.spare ?? new Port();
      this.spare = undefined;
      let totals = this.tallies.get(port);
      if (totals === undefined) {
        totals = noStats();
        this.tallies.set(port, totals);
      }
      p.totals = totals;
      this.ports.set(port, p);
    }
    return p;
  }

  /** The engine's port-number check: typed errors with this engine's version of the game's text. */
  private check(fn: string, port: unknown): number {
    return toPortNumber(fn, port, this.version);
  }

  /**
   * Called when a port drained: it stays in the map while it is among the last KEEP_DRAINED drained ports, then an
   * empty port nobody waits on is forgotten and its object becomes the spare (invisible to scripts, as in the game).
   */
  private drop(port: number, p: Port): void {
    if (p.hasWaiter || this.drained.includes(port)) return;
    this.drained.push(port);
    if (this.drained.length <= KEEP_DRAINED) return;
    const old = this.drained.shift() as number;
    const q = this.ports.get(old);
    if (q === undefined || q.items.length > 0 || q.hasWaiter) return;
    this.ports.delete(old);
    this.spare = q;
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
