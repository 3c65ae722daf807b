import { createHash } from 'node:crypto';

/** How many earlier versions of a file are remembered: enough to recognise a copy the game restored from an old save. */
const VERSIONS_KEPT = 20;

export interface LedgerEntry {
  /** Content hashes the game got from us (pushed) or gave us (pulled), oldest first; the last is the newest. */
  hashes: string[];
  /** When the newest of them was exchanged (Date.now()). */
  at: number;
}

export type LedgerData = Record<string, LedgerEntry>;

/** Where a ledger lives between sessions: the extension's workspace state, or a file for `bbports serve`. */
export interface LedgerStore {
  load(): unknown;
  save(data: LedgerData): void;
}

export function contentHash(content: string): string {
  return createHash('sha1').update(content).digest('hex');
}

/**
 * What the tool and the game have exchanged, per server and file: the versions of each file the game is known to
 * have had from this workspace. Reconcile uses it to tell a copy that is merely stale (a version we sent earlier,
 * e.g. restored from the game's last save) from one the player changed in the game.
 */
export class SyncLedger {
  private readonly data: LedgerData;

  constructor(private readonly store?: LedgerStore) {
    this.data = parseLedger(store?.load());
  }

  /** The newest version exchanged, if any. */
  entry(server: string, gamePath: string): LedgerEntry | undefined {
    return this.data[key(server, gamePath)];
  }

  /** Whether the game's copy is some version we exchanged with it before (not necessarily the newest). */
  knows(server: string, gamePath: string, hash: string): boolean {
    return this.entry(server, gamePath)?.hashes.includes(hash) ?? false;
  }

  record(server: string, gamePath: string, hash: string, at = Date.now()): void {
    const k = key(server, gamePath);
    const hashes = (this.data[k]?.hashes ?? []).filter((h) => h !== hash);
    hashes.push(hash);
    this.data[k] = { hashes: hashes.slice(-VERSIONS_KEPT), at };
    this.store?.save(this.data);
  }
}

function key(server: string, gamePath: string): string {
  return `${server}:${gamePath}`;
}

/** A stored ledger, keeping only well-formed entries: a damaged store loses its history, never the player's files. */
function parseLedger(value: unknown): LedgerData {
  const data: LedgerData = {};
  if (typeof value !== 'object' || value === null) return data;
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    const e = v as Partial<LedgerEntry> | null;
    if (e && Array.isArray(e.hashes) && e.hashes.every((h) => typeof h === 'string') && typeof e.at === 'number') data[k] = { hashes: e.hashes.slice(-VERSIONS_KEPT), at: e.at };
  }
  return data;
}
