import { randomBytes } from 'node:crypto';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { isPortNumber } from '../engine/port-number';
import type { PortOwner } from './owner';
import { ownerKey, parseOwner } from './owner';

export const REGISTRY_FILE_VERSION = 1;

export interface RegistryState {
  /** The next never-issued port (the high-water mark). */
  next: number;
  /** Ports issued before and given back, below `next`. */
  free: number[];
  reservations: { port: number; owner: PortOwner; since: number }[];
}

/** Where a registry keeps its state between runs. */
export interface RegistryStore {
  load(): RegistryState | undefined;
  /** Throws (with what to do) when the state cannot be kept; the registry then leaves its state as it was. */
  save(state: RegistryState): void;
}

/** Keeps nothing: for tests, benchmarks and throwaway engines. */
export class MemoryStore implements RegistryStore {
  private state: RegistryState | undefined;
  load(): RegistryState | undefined {
    return this.state && structuredClone(this.state);
  }
  /** The registry builds a fresh state object for every save, so keeping it as it is is safe. */
  save(state: RegistryState): void {
    this.state = state;
  }
}

/**
 * A versioned JSON file, replaced atomically on every change so a crash never leaves half a file. Each save writes
 * a temp file of its own (two windows sharing the file never trip over one another's). A file that cannot be read
 * as a registry is moved aside (never deleted); entries that break the game's port rules are left out and the file
 * is copied aside first, both reported through `warn`.
 */
export class JsonFileStore implements RegistryStore {
  constructor(
    readonly path: string,
    private readonly warn: (message: string) => void = () => {},
  ) {}

  load(): RegistryState | undefined {
    if (!existsSync(this.path)) return undefined;
    let problem: string;
    try {
      const parsed = parseState(JSON.parse(readFileSync(this.path, 'utf8')));
      if (typeof parsed !== 'string') return this.setAside(parsed);
      problem = parsed;
    } catch (e) {
      problem = `it is not valid JSON (${(e as Error).message})`;
    }
    const aside = `${this.path}.corrupt-${Date.now()}`;
    renameSync(this.path, aside);
    this.warn(`The port registry file ${this.path} could not be used: ${problem}. It was moved to ${aside} and the registry starts empty; look there for the old reservations.`);
    return undefined;
  }

  save(state: RegistryState): void {
    const tmp = `${this.path}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`;
    try {
      mkdirSync(dirname(this.path), { recursive: true });
      writeFileSync(tmp, JSON.stringify({ version: REGISTRY_FILE_VERSION, ...state }, null, 1));
      renameSync(tmp, this.path);
    } catch (e) {
      rmSync(tmp, { force: true });
      const code = (e as NodeJS.ErrnoException).code;
      const why = code === 'EACCES' || code === 'EPERM' || code === 'EROFS' ? 'its folder cannot be written' : code === 'ENOSPC' ? 'the disk is full' : 'writing it failed';
      throw new Error(`the port registry file ${this.path} could not be saved: ${why} (${(e as Error).message}). Make ${dirname(this.path)} writable (or free space) and try again`);
    }
  }

  /** Entries left out of a loaded file are reported, and the file as it was is kept beside it. */
  private setAside(parsed: { state: RegistryState; dropped: string[] }): RegistryState {
    if (parsed.dropped.length) {
      const copy = `${this.path}.set-aside-${Date.now()}`;
      copyFileSync(this.path, copy);
      const shown = parsed.dropped.slice(0, 5).join('; ') + (parsed.dropped.length > 5 ? `; and ${parsed.dropped.length - 5} more` : '');
      this.warn(`The port registry file ${this.path} had ${parsed.dropped.length} ${parsed.dropped.length === 1 ? 'entry that breaks' : 'entries that break'} the game's port rules, left out: ${shown}. The file as it was is kept at ${copy}.`);
    }
    return parsed.state;
  }
}

const portText = (value: unknown) => `${JSON.stringify(value)} is not a port (a whole number from 1 to ${Number.MAX_SAFE_INTEGER})`;

/** The file's shape, or why it cannot be read at all; entries that break the port rules are dropped with a reason. */
function parseState(raw: unknown): { state: RegistryState; dropped: string[] } | string {
  if (typeof raw !== 'object' || raw === null || Array.isArray(raw)) return 'it is not a JSON object';
  const r = raw as Record<string, unknown>;
  if (r.version !== REGISTRY_FILE_VERSION) return `its version is ${JSON.stringify(r.version)}, this extension reads version ${REGISTRY_FILE_VERSION}`;
  if (!Array.isArray(r.free)) return '"free" is not a list';
  if (!Array.isArray(r.reservations)) return '"reservations" is not a list';
  const dropped: string[] = [];
  const reservations = new Map<number, RegistryState['reservations'][number]>();
  for (const item of r.reservations as unknown[]) {
    const entry = (typeof item === 'object' && item !== null ? item : {}) as Record<string, unknown>;
    const owner = parseOwner(entry.owner);
    const held = isPortNumber(entry.port) ? reservations.get(entry.port) : undefined;
    const problem = !isPortNumber(entry.port) ? portText(entry.port) : typeof owner === 'string' ? owner : held ? `port ${entry.port} is reserved twice (kept the first, ${ownerKey(held.owner)})` : undefined;
    if (problem || typeof owner === 'string') dropped.push(`reservation ${JSON.stringify(item)}: ${problem}`);
    else reservations.set(entry.port as number, { port: entry.port as number, owner, since: typeof entry.since === 'number' && Number.isFinite(entry.since) ? entry.since : 0 });
  }
  const ports = [...reservations.keys()];
  // next may be one past the largest port: every port issued.
  let next = r.next as number;
  if (!(isPortNumber(next) || next === Number.MAX_SAFE_INTEGER + 1)) {
    next = ports.reduce((a, b) => Math.max(a, b), 0) + 1;
    dropped.push(`"next" ${portText(r.next)}; using ${next}, one past the highest reserved port`);
  }
  const free = new Set<number>();
  for (const port of r.free as unknown[]) {
    if (!isPortNumber(port) || port >= next || reservations.has(port) || free.has(port)) dropped.push(`free port ${JSON.stringify(port)}: ${!isPortNumber(port) ? portText(port) : port >= next ? 'not below "next"' : 'listed twice or reserved'}`);
    else free.add(port);
  }
  return { state: { next, free: [...free].sort((a, b) => a - b), reservations: [...reservations.values()] }, dropped };
}
