import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { PortOwner } from './owner';
import { parseOwner } from './owner';

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
 * A versioned JSON file, replaced atomically on every change so a crash never leaves half a file. A file that
 * cannot be read as a registry is moved aside (never deleted) and reported through `warn`.
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
      if (typeof parsed !== 'string') return parsed;
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
    mkdirSync(dirname(this.path), { recursive: true });
    const tmp = `${this.path}.tmp`;
    writeFileSync(tmp, JSON.stringify({ version: REGISTRY_FILE_VERSION, ...state }, null, 1));
    renameSync(tmp, this.path);
  }
}

function parseState(raw: unknown): RegistryState | string {
  if (typeof raw !== 'object' || raw === null) return 'it is not a JSON object';
  const r = raw as Record<string, unknown>;
  if (r.version !== REGISTRY_FILE_VERSION) return `its version is ${JSON.stringify(r.version)}, this extension reads version ${REGISTRY_FILE_VERSION}`;
  if (!Number.isSafeInteger(r.next) || (r.next as number) < 1) return '"next" is not a positive integer';
  if (!Array.isArray(r.free) || !r.free.every((n) => Number.isSafeInteger(n) && n > 0)) return '"free" is not a list of port numbers';
  if (!Array.isArray(r.reservations)) return '"reservations" is not a list';
  const reservations: RegistryState['reservations'] = [];
  for (const item of r.reservations as unknown[]) {
    const entry = item as Record<string, unknown> | null;
    const owner = parseOwner(entry?.owner);
    if (!entry || !Number.isSafeInteger(entry.port) || typeof owner === 'string') return `a reservation is malformed: ${JSON.stringify(item)}`;
    reservations.push({ port: entry.port as number, owner, since: Number(entry.since) || 0 });
  }
  return { next: r.next as number, free: r.free as number[], reservations };
}
