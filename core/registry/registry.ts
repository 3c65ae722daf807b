import { MAX_PORT_NUMBER } from '../engine/constants';
import { toPortNumber } from '../engine/port-number';
import { describeOwner, ownerKey, parseOwner, type PortOwner } from './owner';
import { SortedNumbers } from './sorted-set';
import { MemoryStore, type RegistryState, type RegistryStore } from './store';

export const DEFAULT_FIRST_PORT = 1024;

export interface Reservation {
  port: number;
  owner: PortOwner;
  since: number;
}

export interface RegistryStatus {
  reserved: Reservation[];
  /** Freed ports waiting to be issued again, lowest first. */
  free: number[];
  /** Every port from here up has never been issued. */
  freeHigh: number;
  /** Ports handed out for an in-game FreePorts queue and not yet reserved. */
  offered: number[];
}

/** unsaved: the store could not keep the change, so it was not made. limit: a bound against floods was reached. */
export type RegistryErrorCode = 'held' | 'not-held' | 'wrong-owner' | 'invalid' | 'unsaved' | 'limit';

export class RegistryError extends Error {
  constructor(
    readonly code: RegistryErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'RegistryError';
  }
}

/** Is this owner still running? Plugged in per owner kind by whoever can tell (the game bridge, the process manager). */
export type LivenessCheck = (owner: PortOwner) => boolean | Promise<boolean>;

export interface PortRegistryOptions {
  firstPort?: number;
  store?: RegistryStore;
  /** Empties a port when it is issued or taken back from a dead owner, so no stale message reaches the next user. */
  clearPort?: (port: number) => void;
  now?: () => number;
  /** Bounds against floods: ports one owner may hold, ports held in all, and ports offered and not yet reserved. */
  maxPerOwner?: number;
  maxReserved?: number;
  maxOffered?: number;
}

/** Far above what a player's scripts hold (tens), low enough that a flood keeps the file small and every call quick. */
export const REGISTRY_LIMITS = { maxPerOwner: 1_000, maxReserved: 10_000, maxOffered: 100 };

/** What a change can be undone to when the store cannot keep it. */
interface Snapshot {
  next: number;
  free: number[];
  offered: number[];
  held: Map<number, Reservation>;
}

/**
 * Seed 001's port registry, with its weaknesses fixed: state survives restarts (the store), freed ports are reused
 * lowest first, release is synchronous, and requests carry ids that their answers repeat.
 */
export class PortRegistry {
  readonly firstPort: number;
  private next: number;
  private readonly free = new SortedNumbers();
  private readonly offered = new SortedNumbers();
  private readonly held = new Map<number, Reservation>();
  private readonly liveness = new Map<PortOwner['kind'], LivenessCheck>();
  private listeners: (() => void)[] = [];
  private readonly store: RegistryStore;
  private readonly clearPort: (port: number) => void;
  private readonly now: () => number;
  private readonly limits: typeof REGISTRY_LIMITS;

  constructor(options: PortRegistryOptions = {}) {
    this.firstPort = toPortNumber('firstPort', options.firstPort ?? DEFAULT_FIRST_PORT);
    this.store = options.store ?? new MemoryStore();
    this.clearPort = options.clearPort ?? (() => {});
    this.now = options.now ?? Date.now;
    this.limits = { maxPerOwner: options.maxPerOwner ?? REGISTRY_LIMITS.maxPerOwner, maxReserved: options.maxReserved ?? REGISTRY_LIMITS.maxReserved, maxOffered: options.maxOffered ?? REGISTRY_LIMITS.maxOffered };
    this.next = this.firstPort;
    const saved = this.store.load();
    if (saved) this.restore(saved);
  }

  /** Issues the lowest free port to `owner`, emptied. */
  allocate(owner: PortOwner): number {
    this.checkRoom(owner);
    const port = this.change(() => {
      const taken = this.takeFree();
      this.hold(taken, owner);
      return taken;
    });
    this.clearPort(port);
    return port;
  }

  /** Reserves a given port (one taken from FreePorts, or a well-known one). Reserving it again is harmless. */
  reserve(port: number, owner: PortOwner): void {
    port = toPortNumber('reserve', port);
    const current = this.held.get(port);
    if (current) {
      if (ownerKey(current.owner) === ownerKey(owner)) return;
      throw new RegistryError('held', `Port ${port} is already reserved by ${describeOwner(current.owner)}; release it there first or take another port.`);
    }
    this.checkRoom(owner);
    this.change(() => {
      this.free.delete(port);
      this.offered.delete(port);
      this.hold(port, owner);
    });
  }

  /** Gives a port back. Synchronous, so it can run in an exit handler. */
  release(port: number, owner: PortOwner): void {
    port = toPortNumber('release', port);
    const current = this.held.get(port);
    if (!current) throw new RegistryError('not-held', `Port ${port} is not reserved, so there is nothing to release.`);
    if (ownerKey(current.owner) !== ownerKey(owner)) {
      throw new RegistryError('wrong-owner', `Port ${port} is reserved by ${describeOwner(current.owner)}, not by ${describeOwner(owner)}; only its holder can release it.`);
    }
    this.change(() => this.unhold(port));
  }

  /** Frees every port an owner holds (it stopped, or died), emptying them. Returns the ports freed. */
  releaseOwner(owner: PortOwner): number[] {
    const key = ownerKey(owner);
    const ports = [...this.held.values()].filter((r) => ownerKey(r.owner) === key).map((r) => r.port);
    if (!ports.length) return ports;
    this.change(() => ports.forEach((port) => this.unhold(port)));
    ports.forEach((port) => this.clearPort(port));
    return ports;
  }

  /**
   * Takes up to `count` free ports, emptied, for an in-game FreePorts queue; they stay out of the pool until reserved
   * or withdrawn. At most maxOffered wait at once, so asking again and again takes nothing more.
   */
  offer(count: number): number[] {
    const room = Math.min(Number.isSafeInteger(count) ? count : 0, this.limits.maxOffered - this.offered.size);
    if (room <= 0) return [];
    const ports = this.change(() => {
      const taken: number[] = [];
      for (let i = 0; i < room && (this.free.size > 0 || this.next <= MAX_PORT_NUMBER); i++) taken.push(this.takeFree());
      taken.forEach((port) => this.offered.add(port));
      return taken;
    });
    ports.forEach((port) => this.clearPort(port));
    return ports;
  }

  /** Returns unclaimed offers to the pool (the FreePorts queue was lost: a game reload, a bridge restart). */
  withdrawOffers(): void {
    if (!this.offered.size) return;
    this.change(() => {
      for (const port of this.offered.toArray()) {
        this.offered.delete(port);
        this.giveBack(port);
      }
    });
  }

  holder(port: number): Reservation | undefined {
    const r = this.held.get(port);
    return r && { ...r };
  }

  setLiveness(kind: PortOwner['kind'], check: LivenessCheck | undefined): void {
    if (check) this.liveness.set(kind, check);
    else this.liveness.delete(kind);
  }

  /** Frees (and empties) the ports of owners that their liveness check says are dead. Owners of unchecked kinds are kept. */
  async sweep(): Promise<number[]> {
    const owners = new Map<string, PortOwner>();
    for (const r of this.held.values()) if (this.liveness.has(r.owner.kind)) owners.set(ownerKey(r.owner), r.owner);
    const verdicts = await Promise.all(
      [...owners.values()].map(async (owner) => ({ owner, alive: await this.liveness.get(owner.kind)!(owner) })),
    );
    return verdicts.filter((v) => !v.alive).flatMap((v) => this.releaseOwner(v.owner));
  }

  status(): RegistryStatus {
    return {
      reserved: [...this.held.values()].sort((a, b) => a.port - b.port).map((r) => ({ ...r })),
      free: this.free.toArray(),
      freeHigh: this.next,
      offered: this.offered.toArray(),
    };
  }

  /** Listens to every change of reservations or pool; returns the function that stops listening. */
  onChange(listener: () => void): () => void {
    this.listeners = [...this.listeners, listener];
    return () => {
      this.listeners = this.listeners.filter((l) => l !== listener);
    };
  }

  /** Answers one request from outside (a bridge, a CLI, a script); the answer always carries the request's id. */
  handle(request: unknown): RegistryResponse {
    const r = (typeof request === 'object' && request !== null ? request : {}) as Record<string, unknown>;
    const id = typeof r.id === 'string' || typeof r.id === 'number' ? r.id : null;
    try {
      if (r.type === 'status') return { id, ok: true, result: this.status() };
      const owner = parseOwner(r.owner);
      if (typeof owner === 'string') throw new RegistryError('invalid', owner);
      switch (r.type) {
        case 'allocate':
          return { id, ok: true, result: this.allocate(owner) };
        case 'reserve':
          this.reserve(r.port as number, owner);
          return { id, ok: true, result: r.port };
        case 'release':
          this.release(r.port as number, owner);
          return { id, ok: true, result: r.port };
        default:
          throw new RegistryError('invalid', `unknown request type ${JSON.stringify(r.type)}; expected allocate, reserve, release or status`);
      }
    } catch (e) {
      return { id, ok: false, error: (e as Error).message };
    }
  }

  private takeFree(): number {
    for (;;) {
      const lowest = this.free.takeLowest();
      if (lowest === undefined && this.next > MAX_PORT_NUMBER) throw new RegistryError('limit', `every port up to ${MAX_PORT_NUMBER} has been issued; release some ports first`);
      const port = lowest ?? this.next++;
      if (!this.held.has(port) && !this.offered.has(port)) return port;
    }
  }

  /** The bounds against floods, checked before anything changes. */
  private checkRoom(owner: PortOwner): void {
    if (this.held.size >= this.limits.maxReserved) throw new RegistryError('limit', `the registry already holds ${this.held.size} ports, its limit; release ports that are no longer used first`);
    const key = ownerKey(owner);
    let mine = 0;
    for (const r of this.held.values()) if (ownerKey(r.owner) === key) mine++;
    if (mine >= this.limits.maxPerOwner) throw new RegistryError('limit', `${describeOwner(owner)} already holds ${mine} ports, the most one owner may hold; release some first`);
  }

  private hold(port: number, owner: PortOwner): void {
    this.held.set(port, { port, owner, since: this.now() });
  }

  private unhold(port: number): void {
    this.held.delete(port);
    this.giveBack(port);
  }

  private giveBack(port: number): void {
    if (port >= this.firstPort && port < this.next) this.free.add(port);
  }

  private restore(state: RegistryState): void {
    this.next = Math.max(state.next, this.firstPort);
    for (const port of state.free) if (port >= this.firstPort && port < this.next) this.free.add(port);
    for (const r of state.reservations) {
      this.held.set(r.port, { ...r });
      this.free.delete(r.port);
    }
  }

  /**
   * Makes a change only if the store keeps it: on a failed save the state goes back to what it was and the caller
   * learns why (RegistryError 'unsaved'), so memory and file never disagree. Listeners hear of kept changes only.
   */
  private change<T>(work: () => T): T {
    const before: Snapshot = { next: this.next, free: this.free.toArray(), offered: this.offered.toArray(), held: new Map(this.held) };
    let result: T;
    try {
      result = work();
      this.store.save({
        next: this.next,
        free: [...this.free.toArray(), ...this.offered.toArray()].sort((a, b) => a - b),
        reservations: [...this.held.values()],
      });
    } catch (error) {
      this.next = before.next;
      this.free.reset(before.free);
      this.offered.reset(before.offered);
      this.held.clear();
      for (const [port, r] of before.held) this.held.set(port, r);
      if (error instanceof RegistryError) throw error;
      throw new RegistryError('unsaved', `${(error as Error).message}. Nothing was changed.`);
    }
    for (const listener of this.listeners) listener();
    return result;
  }
}

export type RegistryResponse =
  | { id: string | number | null; ok: true; result: unknown }
  | { id: string | number | null; ok: false; error: string };
