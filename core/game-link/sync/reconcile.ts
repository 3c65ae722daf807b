import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BRIDGE_SCRIPT, BRIDGE_SETTINGS } from '../bridge/protocol';
import { GameError, type GameFileMetadata } from '../remote-api/protocol';
import type { BatchOutcome, FileSync } from './file-sync';
import { isScript, normalizeGamePath } from './game-paths';
import { contentHash } from './ledger';

export interface SyncedFile {
  /** The local file (absolute path). */
  file: string;
  gamePath: string;
}

/** How a game's copies were compared with the sync folder on connect. */
export interface SyncReport {
  /** Date.now() when the game's files were read. */
  at: number;
  /** content: hashes and the versions remembered (2.x); metadata: also the game's change times (3.x). */
  by: 'content' | 'metadata';
  inSync: string[];
  /** Safe to push: the game lacks the file, or holds a version this workspace gave it earlier (an older save). */
  toPush: (SyncedFile & { why: 'missing' | 'stale' })[];
  /** Differs from every version exchanged with this workspace: changed in the game. Never overwritten unasked. */
  changedInGame: SyncedFile[];
  /** Game files in the sync's scope that the folder lacks (the bridge's own files aside). Never deleted. */
  onlyInGame: string[];
}

/**
 * Compares every synced file with the game's copy, as the game is now (after a reload it holds its last save). It
 * reads; it changes nothing. Where the game has file metadata (3.x), a copy last changed before our last exchange
 * is stale even if we never saw that content; otherwise only a version we sent or pulled before counts as stale.
 */
export async function reconcile(sync: FileSync): Promise<SyncReport> {
  const { server, root } = sync.options;
  const meta = await metadataOf(sync);
  const files = new Map((await sync.api.call('getAllFiles', { server })).map((f) => [normalizeGamePath(f.filename), f.content]));
  const report: SyncReport = { at: Date.now(), by: meta ? 'metadata' : 'content', inSync: [], toPush: [], changedInGame: [], onlyInGame: [] };
  const local = new Set<string>();
  for (const file of await sync.localFiles()) {
    const v = sync.verdict(file);
    if ('skip' in v) continue;
    const gamePath = v.gamePath;
    local.add(gamePath);
    const game = files.get(gamePath);
    if (game === undefined) {
      report.toPush.push({ file, gamePath, why: 'missing' });
      continue;
    }
    const hash = contentHash(game);
    if (hash === contentHash(await readFile(file, 'utf8'))) {
      sync.markInGame(gamePath, hash);
      report.inSync.push(gamePath);
    } else if (isStale(sync, gamePath, hash, meta?.get(gamePath))) {
      report.toPush.push({ file, gamePath, why: 'stale' });
    } else {
      report.changedInGame.push({ file, gamePath });
    }
  }
  for (const gamePath of [...files.keys()].sort()) {
    if (local.has(gamePath) || gamePath === BRIDGE_SCRIPT || gamePath === BRIDGE_SETTINGS || inTrash(sync, gamePath)) continue;
    if ('gamePath' in sync.verdict(join(root, ...gamePath.split('/')))) report.onlyInGame.push(gamePath);
  }
  return report;
}

function isStale(sync: FileSync, gamePath: string, hash: string, mtime: number | undefined): boolean {
  const { server } = sync.options;
  if (sync.ledger.knows(server, gamePath, hash)) return true;
  const last = sync.ledger.entry(server, gamePath);
  return mtime !== undefined && last !== undefined && mtime <= last.at;
}

/** The game's change times per file, or undefined when the game has no metadata methods (2.x). */
async function metadataOf(sync: FileSync): Promise<Map<string, number> | undefined> {
  let list: GameFileMetadata[];
  try {
    list = await sync.api.call('getAllFileMetadata', { server: sync.options.server });
  } catch (error) {
    if (error instanceof GameError && /unknown message/i.test(error.gameText)) return undefined;
    throw error;
  }
  return new Map(list.map((m) => [normalizeGamePath(m.filename), m.mtime]));
}

function inTrash(sync: FileSync, gamePath: string): boolean {
  const trash = sync.options.trashFolder?.replace(/^\/|\/$/g, '');
  return trash !== undefined && trash !== '' && gamePath.startsWith(`${trash}/`);
}

/** Pushes what the report found stale or missing; changed-in-game files are left for the player to decide. */
export async function pushStale(sync: FileSync, report: SyncReport): Promise<BatchOutcome> {
  const outcome: BatchOutcome = { done: [], skipped: [], failed: [] };
  for (const { file, gamePath } of report.toPush) {
    try {
      await sync.push(file);
      outcome.done.push(gamePath);
    } catch (error) {
      outcome.failed.push({ file, error: (error as Error).message });
    }
  }
  return outcome;
}

/** "3 to push, 1 only in the game, 2 changed in the game", or "all 12 file(s) in sync". */
export function summarize(report: SyncReport): string {
  const parts = [
    report.toPush.length && `${report.toPush.length} to push`,
    report.onlyInGame.length && `${report.onlyInGame.length} only in the game`,
    report.changedInGame.length && `${report.changedInGame.length} changed in the game`,
  ].filter(Boolean);
  return parts.length ? parts.join(', ') : `all ${report.inSync.length} file(s) in sync`;
}

/**
 * What to tell the player when the game held older copies of scripts (it restored its last save): they are pushed,
 * but scripts running them were restarted from the save with the old code.
 */
export function revertedScriptsNotice(report: SyncReport, server: string): string | undefined {
  const scripts = report.toPush.filter((f) => f.why === 'stale' && isScript(f.gamePath)).map((f) => f.gamePath);
  if (!scripts.length) return undefined;
  const list = scripts.length > 5 ? `${scripts.slice(0, 5).join(', ')} and ${scripts.length - 5} more` : scripts.join(', ');
  return `The game on ${server} held older copies of ${list} (it restored its last save, which predates your last edit). The current versions are pushed; a copy that was running restarted from the save with the old code: kill it and run it again.`;
}
