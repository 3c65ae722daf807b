import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { dirname, join, relative, sep } from 'node:path';
import picomatch from 'picomatch';
import { isMissingFileError, type RemoteApi } from '../remote-api/protocol';
import { gamePathProblem, isScript, normalizeGamePath } from './game-paths';
import { pullNameProblem, pullTargetProblem } from './pull-guard';
import { contentHash, SyncLedger } from './ledger';

export interface SyncOptions {
  /** The folder mirrored into the game's server; paths below it become game paths. */
  root: string;
  server: string;
  include: string[];
  exclude: string[];
  maxFileBytes: number;
  /** Where deleted game files go (inside the game), or null to delete them for good. */
  trashFolder: string | null;
}

export const DEFAULT_SYNC_OPTIONS: Omit<SyncOptions, 'root'> = {
  server: 'home',
  include: ['**/*'],
  exclude: ['**/node_modules/**', '**/.git/**', '**/.vscode/**', '**/NetscriptDefinitions.d.ts', '**/tsconfig.json', '**/package.json', '**/package-lock.json'],
  maxFileBytes: 1024 * 1024,
  trashFolder: 'trash',
};

export type Verdict = { gamePath: string } | { skip: string };
export interface PushOutcome {
  gamePath: string;
  /** calculateRam's answer for scripts, in GB. */
  ram?: number;
  /** Not sent: the game already has exactly this content from us. */
  unchanged?: boolean;
}
export interface BatchOutcome {
  done: string[];
  skipped: { file: string; reason: string }[];
  failed: { file: string; error: string }[];
}

/**
 * The file-sync core, shared by the extension and `bbports serve`: which local files belong in the game, pushing
 * them (with their RAM), pulling from the game without overwriting work unasked, and mirroring deletes and renames
 * through a trash folder in the game so nothing is lost.
 */
export class FileSync {
  private readonly included: (path: string) => boolean;
  private readonly excluded: (path: string) => boolean;
  /** What we last sent per game path, so an editor save and the disk watcher seeing the same change push once. */
  private readonly sent = new Map<string, string>();
  /** The push in progress per game path; the next one waits for it. */
  private readonly pushing = new Map<string, Promise<void>>();

  constructor(
    readonly api: RemoteApi,
    readonly options: SyncOptions,
    private readonly log: (line: string) => void = () => {},
    /** The versions exchanged with the game, across sessions (reconcile reads it). */
    readonly ledger = new SyncLedger(),
  ) {
    this.included = picomatch(options.include, { dot: true });
    this.excluded = picomatch(options.exclude, { dot: true });
  }

  /** Whether a local file is synced, and under which game path; the reason when it is not. */
  verdict(file: string): Verdict {
    const rel = relative(this.options.root, file).split(sep).join('/');
    if (rel.startsWith('..') || rel === '') return { skip: 'it is outside the sync folder' };
    if (!this.included(rel) || this.excluded(rel)) return { skip: 'the include/exclude settings leave it out' };
    const problem = gamePathProblem(rel);
    return problem ? { skip: problem } : { gamePath: rel };
  }

  /** Every local file that belongs in the game, as absolute paths. */
  async localFiles(): Promise<string[]> {
    const found: string[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of await readdir(dir, { withFileTypes: true })) {
        const path = join(dir, entry.name);
        const rel = relative(this.options.root, path).split(sep).join('/');
        if (entry.isDirectory()) {
          if (!this.excluded(`${rel}/`) && !this.excluded(`${rel}/x`)) await walk(path);
        } else if (entry.isFile() && 'gamePath' in this.verdict(path)) found.push(path);
      }
    };
    await walk(this.options.root);
    return found.sort();
  }

  /**
   * Pushes one file; scripts get their RAM from the game. Throws with the game's own words on refusal. Pushes of the
   * same file run one after another, so two events for one change (a watcher's create and change) send it once.
   */
  push(file: string): Promise<PushOutcome> {
    const v = this.verdict(file);
    if ('skip' in v) return Promise.reject(new Error(`${file} is not synced: ${v.skip}`));
    const run = (this.pushing.get(v.gamePath) ?? Promise.resolve()).then(
      () => this.pushNow(file, v.gamePath),
      () => this.pushNow(file, v.gamePath),
    );
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.pushing.set(v.gamePath, settled);
    void settled.then(() => this.pushing.get(v.gamePath) === settled && this.pushing.delete(v.gamePath));
    return run;
  }

  private async pushNow(file: string, gamePath: string): Promise<PushOutcome> {
    const size = (await stat(file)).size;
    if (size > this.options.maxFileBytes) {
      throw new Error(`${gamePath} is ${(size / 1024).toFixed(0)} KB, above the ${(this.options.maxFileBytes / 1024).toFixed(0)} KB limit (bitburnerPorts.sync.maxFileKB); raise the limit or exclude it.`);
    }
    const content = await readFile(file, 'utf8');
    const hash = contentHash(content);
    const unchanged = this.sent.get(gamePath) === hash;
    if (!unchanged) {
      await this.api.call('pushFile', { filename: gamePath, content, server: this.options.server });
      this.markInGame(gamePath, hash);
      this.log(`pushed ${gamePath} to ${this.options.server}`);
    }
    return { gamePath, ram: isScript(gamePath) ? await this.ramOf(gamePath) : undefined, unchanged };
  }

  /** The game holds this version of a file (we sent it, took it from the game, or found it there). */
  markInGame(gamePath: string, hash: string): void {
    this.sent.set(gamePath, hash);
    this.ledger.record(this.options.server, gamePath, hash);
  }

  /** The game cannot size a script it cannot parse (one saved half-written, or with a missing import): the push stands. */
  private async ramOf(gamePath: string): Promise<number | undefined> {
    try {
      return await this.api.call('calculateRam', { filename: gamePath, server: this.options.server });
    } catch (e) {
      this.log(`no RAM figure for ${gamePath}: ${e instanceof Error ? e.message : String(e)}`);
      return undefined;
    }
  }

  /** A new game (or the same one reloaded) may lack what we sent before: send everything again from now on. */
  forgetSent(): void {
    this.sent.clear();
  }

  /** Pushes every synced file, or those under one folder (a folder renamed or checked out); one failure does not stop the rest. */
  async pushAll(folder = this.options.root): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], skipped: [], failed: [] };
    const prefix = folder === this.options.root ? '' : `${folder}${sep}`;
    for (const file of (await this.localFiles()).filter((f) => f.startsWith(prefix))) {
      try {
        outcome.done.push((await this.push(file)).gamePath);
      } catch (error) {
        outcome.failed.push({ file, error: (error as Error).message });
      }
    }
    return outcome;
  }

  /**
   * Copies game files into the sync folder. Files that would change a differing local file are written only if
   * `confirm` approves them (it gets their game paths and returns the ones to overwrite).
   */
  async pull(wanted: (gamePath: string) => boolean, confirm: (conflicts: string[]) => Promise<string[]>): Promise<BatchOutcome> {
    const outcome: BatchOutcome = { done: [], skipped: [], failed: [] };
    const files = await this.api.call('getAllFiles', { server: this.options.server });
    const writes: { path: string; gamePath: string; content: string }[] = [];
    const conflicts: string[] = [];
    for (const f of files) {
      const gamePath = normalizeGamePath(f.filename);
      if (!wanted(gamePath)) continue;
      const path = join(this.options.root, ...gamePath.split('/'));
      const v = this.verdict(path);
      // The name as the game sent it, then the real path the write would follow (links included).
      const refused = pullNameProblem(f.filename) ?? ('skip' in v ? v.skip : await pullTargetProblem(this.options.root, path));
      if (refused) {
        outcome.skipped.push({ file: gamePath, reason: refused });
        continue;
      }
      const local = await readFile(path, 'utf8').catch(() => undefined);
      if (local === f.content) continue;
      if (local !== undefined) conflicts.push(gamePath);
      writes.push({ path, gamePath, content: f.content });
    }
    const approved = new Set(conflicts.length ? await confirm(conflicts) : []);
    for (const w of writes) {
      if (conflicts.includes(w.gamePath) && !approved.has(w.gamePath)) {
        outcome.skipped.push({ file: w.gamePath, reason: 'the local file differs and was kept' });
        continue;
      }
      try {
        await mkdir(dirname(w.path), { recursive: true });
        await writeFile(w.path, w.content);
        this.markInGame(w.gamePath, contentHash(w.content));
        outcome.done.push(w.gamePath);
      } catch (error) {
        outcome.failed.push({ file: w.gamePath, error: (error as Error).message });
      }
    }
    return outcome;
  }

  /**
   * Mirrors a local delete: the game's copy moves to the trash folder (or is deleted when there is none). A file
   * the game never had is fine. Returns where it went, if anywhere.
   */
  async remove(file: string): Promise<string | undefined> {
    const v = this.verdict(file);
    if ('skip' in v) return undefined;
    const server = this.options.server;
    this.sent.delete(v.gamePath);
    try {
      let trashed: string | undefined;
      if (this.options.trashFolder !== null) {
        const content = await this.api.call('getFile', { filename: v.gamePath, server });
        trashed = `${this.options.trashFolder.replace(/^\/|\/$/g, '')}/${v.gamePath}`;
        await this.api.call('pushFile', { filename: trashed, content, server });
      }
      await this.api.call('deleteFile', { filename: v.gamePath, server });
      this.log(trashed ? `moved ${v.gamePath} to ${trashed} in the game` : `deleted ${v.gamePath} in the game`);
      return trashed ?? v.gamePath;
    } catch (error) {
      if (isMissingFileError(error)) return undefined;
      throw error;
    }
  }

  /** Mirrors the delete of a file or a whole folder: every game file that was under it goes to the trash. */
  async removeUnder(path: string): Promise<string[]> {
    if ('gamePath' in this.verdict(path)) {
      const moved = await this.remove(path);
      return moved ? [moved] : [];
    }
    const rel = relative(this.options.root, path).split(sep).join('/');
    if (rel.startsWith('..')) return [];
    const prefix = rel === '' ? '' : `${rel}/`;
    const names = (await this.api.call('getFileNames', { server: this.options.server })).map(normalizeGamePath);
    const moved: string[] = [];
    for (const name of names.filter((n) => n.startsWith(prefix) && !this.inTrash(n))) {
      const done = await this.remove(join(this.options.root, ...name.split('/')));
      if (done) moved.push(done);
    }
    return moved;
  }

  private inTrash(gamePath: string): boolean {
    return this.options.trashFolder !== null && gamePath.startsWith(`${this.options.trashFolder.replace(/^\/|\/$/g, '')}/`);
  }

  /** Mirrors a rename: the new name is pushed first, then the old one goes to the trash. */
  async rename(from: string, to: string): Promise<PushOutcome | undefined> {
    const pushed = 'gamePath' in this.verdict(to) ? await this.push(to) : undefined;
    await this.remove(from);
    return pushed;
  }
}
