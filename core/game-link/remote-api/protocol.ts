// The game's Remote API (game.md §3). The game is the WebSocket client and only ever answers; every method is a
// request from us with an id.

import { parseObjectFrame } from '../json-frame';

export interface GameServerInfo {
  hostname: string;
  hasAdminRights: boolean;
  purchasedByPlayer: boolean;
}

export interface GameFile {
  filename: string;
  content: string;
}

export interface GameSaveFile {
  identifier: string;
  binary: boolean;
  save: string;
}

export interface GameFileMetadata {
  filename: string;
  atime: number;
  mtime: number;
  btime: number;
  size?: number;
}

type OnServer = { server: string };
type FileOnServer = { filename: string; server: string };

/** Each method's params and result. The last two exist only in v3. */
export interface RemoteMethods {
  pushFile: { params: FileOnServer & { content: string }; result: 'OK' };
  getFile: { params: FileOnServer; result: string };
  deleteFile: { params: FileOnServer; result: 'OK' };
  getFileNames: { params: OnServer; result: string[] };
  getAllFiles: { params: OnServer; result: GameFile[] };
  calculateRam: { params: FileOnServer; result: number };
  getDefinitionFile: { params: undefined; result: string };
  getAllServers: { params: undefined; result: GameServerInfo[] };
  getSaveFile: { params: undefined; result: GameSaveFile };
  getFileMetadata: { params: FileOnServer; result: GameFileMetadata };
  getAllFileMetadata: { params: OnServer; result: GameFileMetadata[] };
}

export type RemoteMethod = keyof RemoteMethods;
export type ParamsOf<M extends RemoteMethod> = RemoteMethods[M]['params'];
export type ResultOf<M extends RemoteMethod> = RemoteMethods[M]['result'];

/** What can make Remote API calls: the server, or anything standing in front of it (file sync takes this). */
export interface RemoteApi {
  call<M extends RemoteMethod>(method: M, ...params: ParamsOf<M> extends undefined ? [] : [ParamsOf<M>]): Promise<ResultOf<M>>;
}

/** The game's answer to one request, as it arrives. */
export type GameReply = { jsonrpc?: string; id: number; result: unknown } | { jsonrpc?: string; id: number; error: unknown };

/** Reads one frame from the game; undefined when it is not a reply (the game sends nothing else). */
export function parseReply(text: string): GameReply | undefined {
  const v = parseObjectFrame(text);
  return v && typeof v.id === 'number' && ('result' in v || 'error' in v) ? (v as GameReply) : undefined;
}

const isText = (v: unknown): v is string => typeof v === 'string';
const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const listOf = (what: string, ok: (item: unknown) => boolean) => (v: unknown) => {
  if (!Array.isArray(v)) return `not a list of ${what}`;
  const bad = v.findIndex((item) => !ok(item));
  return bad < 0 ? undefined : `a list whose item ${bad} is ${preview(v[bad])}, not ${what}`;
};
const one = (what: string, ok: (v: unknown) => boolean) => (v: unknown) => (ok(v) ? undefined : `not ${what}`);
const fileEntry = (v: unknown) => isRecord(v) && isText(v.filename) && isText(v.content);
const namedEntry = (key: string) => (v: unknown) => isRecord(v) && isText(v[key]);

/** What each method's result must look like; a hostile or broken game may send anything. */
const RESULT_CHECKS: Record<RemoteMethod, (v: unknown) => string | undefined> = {
  pushFile: one('a text', isText),
  getFile: one('a text', isText),
  deleteFile: one('a text', isText),
  getFileNames: listOf('file names (texts)', isText),
  getAllFiles: listOf('{filename, content} texts', fileEntry),
  calculateRam: one('a number', (v) => typeof v === 'number' && Number.isFinite(v)),
  getDefinitionFile: one('a text', isText),
  getAllServers: listOf('servers with a hostname', namedEntry('hostname')),
  getSaveFile: one('a save {identifier, binary, save}', (v) => isRecord(v) && isText(v.save)),
  getFileMetadata: one('file metadata with a filename', namedEntry('filename')),
  getAllFileMetadata: listOf('file metadata with a filename', namedEntry('filename')),
};

/** Why the game's result for `method` cannot be used (it says what the game sent), or undefined when it can. */
export function resultProblem(method: RemoteMethod, value: unknown): string | undefined {
  const problem = RESULT_CHECKS[method](value);
  return problem && `the game answered ${method} with ${preview(value)}: ${problem}`;
}

/** A short, safe picture of a value from outside: never throws (deep nesting), never long. */
export function preview(value: unknown, max = 120): string {
  let text: string;
  try {
    text = JSON.stringify(value) ?? String(value);
  } catch {
    text = Array.isArray(value) ? '[…]' : '{…}';
  }
  const kind = value === null ? 'null' : Array.isArray(value) ? 'a list' : typeof value === 'object' ? 'an object' : `a ${typeof value}`;
  return `${text.length > max ? `${text.slice(0, max)}…` : text} (${kind})`;
}

/** An error string from the game, kept exactly as the game wrote it (texts differ between v2.7 and v3). */
export class GameError extends Error {
  constructor(
    readonly method: RemoteMethod,
    readonly gameText: string,
  ) {
    super(`the game refused ${method}: ${gameText}`);
    this.name = 'GameError';
  }
}

/** "This file is not there", in either game version's words. */
export function isMissingFileError(error: unknown): boolean {
  return error instanceof GameError && /does not exist|doesn't exist|not found/i.test(error.gameText);
}

/**
 * The message inside an error a game script caught: the game wraps its argument errors as
 * `TYPE ERROR\n<script>@<host> (PID - n)\n\n<fn>: <msg>\n\nStack: …`; a user needs only `<fn>: <msg>`.
 */
export function unwrapScriptError(text: string): string {
  const m = /^[A-Z]+ ERROR\n[^\n]*\(PID - \d+\)\n\n([\s\S]*?)(?:\n\nStack:[\s\S]*)?$/.exec(text);
  return m ? (m[1] as string).trim() : text;
}
