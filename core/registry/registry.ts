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

export type RegistryErrorCode = 'held' | 'not-held' | 'wrong-owner' | 'invalid';

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

  constructor(options: PortRegistryOptions = {}) {
    this.firstPort = toPortNumber('firstPort', options.firstPort ?? DEFAULT_FIRST_PORT);
    this.store = options.store ?? new MemoryStore();
    this.clearPort = options.clearPort ?? (() => {});
    this.now = options.now ?? Date.now;
    this.next = this.firstPort;
    const saved = this.store.load();
    if (saved) this.restore(saved);
  }

  /** Issues the lowest free port to `owner`, emptied. */
  allocate(owner: PortOwner): number {
    const port = this.takeFree();
    this.hold(port, owner);
    this.clearPort(port);
    this.changed();
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
    this.free.delete(port);
    this.offered.delete(port);
    this.hold(port, owner);
    this.changed();
  }

  /** Gives a port back. Synchronous, so it can run in an exit handler. */
  release(port: number, owner: PortOwner): void {
    port = toPortNumber('release', port);
    const current = this.held.get(port);
    if (!current) throw new RegistryError('not-held', `Port ${port} is not reserved, so there is nothing to release.`);
    if (ownerKey(current.owner) !== ownerKey(owner)) {
      throw new RegistryError('wrong-owner', `Port ${port} is reserved by ${describeOwner(current.owner)}, not by ${describeOwner(owner)}; only its holder can release it.`);
    }
    this.unhold(port);
    this.changed();
  }

  /** Frees every port an owner holds (it stopped, or died), emptying them. Returns the ports freed. */
  releaseOwner(owner: PortOwner): number[] {
    const key = ownerKey(owner);
    const ports = [...this.held.values()].filter((r) => ownerKey(r.owner) === key).map((r) => r.port);
    for (const port of ports) {
      this.unhold(port);
      this.clearPort(port);
    }
    if (ports.length) this.changed();
    return ports;
  }

  /** Takes `count` free ports, emptied, for an in-game FreePorts queue; they stay out of the pool until reserved or withdrawn. */
  offer(count: number): number[] {
    const ports: number[] = [];
    for (let i = 0; i < count; i++) {
      const port = this.takeFree();
      this.offered.add(port);
      this.clearPort(port);
      ports.push(port);
    }
    if (ports.length) this.changed();
    return ports;
  }

  /** Returns unclaimed offers to the pool (the FreePorts queue was lost: a game reload, a bridge restart). */
  withdrawOffers(): void {
    if (!this.offered.size) return;
    for (const port of this.offered.toArray()) {
      this.offered.delete(port);
      this.giveBack(port);
    }
    this.changed();
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
      const port = this.free.takeLowest() ?? this.next++;
      if (!this.held.has(port) && !this.offered.has(port)) return port;
    }
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

  private changed(): void {
    this.store.save({
      next: this.next,
      free: [...this.free.toArray(), ...this.offered.toArray()].sort((a, b) => a - b),
      reservations: [...this.held.values()],
    });
    for (const listener of this.listeners) listener();
  }
}

export type RegistryResponse =
  | { id: string | number | null; ok: true; result: unknown }
  | { id: string | number | null; ok: false; error: string };
