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
