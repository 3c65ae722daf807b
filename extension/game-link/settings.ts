import { isAbsolute, join } from 'node:path';
import * as vscode from 'vscode';
import { DEFAULT_FREE_PORTS_PORT, DEFAULT_REQUEST_PORT, SEED_001_PORTS } from '../../core/game-link/bridge/bridge-hub';
import { DEFAULT_GAME_PORT } from '../../core/game-link/remote-api/game-server';
import { DEFAULT_ALLOWED_ORIGINS } from '../../core/game-link/remote-api/origin';
import { DEFAULT_SYNC_OPTIONS, type SyncOptions } from '../../core/game-link/sync/file-sync';
import { listSetting, positiveIntegerSetting } from '../settings';

const config = () => vscode.workspace.getConfiguration('bitburnerPorts');

const isText = (v: unknown): v is string => typeof v === 'string';
const isPort = (v: unknown): v is number => typeof v === 'number' && Number.isSafeInteger(v) && v > 0;

export function gameLinkSettings(warn: (m: string) => void) {
  return {
    port: positiveIntegerSetting('gameLink.port', DEFAULT_GAME_PORT, warn),
    allowedOrigins: [...DEFAULT_ALLOWED_ORIGINS, ...listSetting('gameLink.allowedOrigins', [], isText, '["https://example.com"]', warn)],
    definitionsOnConnect: config().get<boolean>('gameLink.fetchDefinitionsOnConnect', false),
  };
}

/** How many numbers to keep on FreePorts: 0 (the default) keeps it full, as seed 001 does. */
function freePortsFill(warn: (m: string) => void): number {
  const raw = config().get<unknown>('bridge.freePortsFill', 0);
  if (Number.isSafeInteger(raw) && (raw as number) >= 0) return raw as number;
  warn(`bitburnerPorts.bridge.freePortsFill must be a whole number from 0 (0 keeps FreePorts full), was ${JSON.stringify(raw)}; keeping it full meanwhile.`);
  return 0;
}

/** The registry's well-known ports: the seed-001 preset (4 and 5, the original PortRegistry's), or the two settings. */
function registryPorts(warn: (m: string) => void): { requestPort: number; freePortsPort: number } {
  if (config().get<string>('bridge.registryPorts', 'custom') === 'seed-001') return { ...SEED_001_PORTS };
  return {
    requestPort: positiveIntegerSetting('bridge.requestPort', DEFAULT_REQUEST_PORT, warn),
    freePortsPort: positiveIntegerSetting('bridge.freePortsPort', DEFAULT_FREE_PORTS_PORT, warn),
  };
}

export function bridgeSettings(warn: (m: string) => void) {
  return {
    ...registryPorts(warn),
    freePortsFill: freePortsFill(warn),
    capacity: positiveIntegerSetting('bridge.capacity', 50, warn),
    watch: listSetting('bridge.watchPorts', Array.from({ length: 20 }, (_, i) => i + 1), isPort, '[1, 2, 10]', warn),
    liveness: config().get<boolean>('bridge.freeDeadOwners', false),
  };
}

/** The sync folder: the setting (relative to the first workspace folder), or the folder itself. */
export function syncSettings(warn: (m: string) => void): (SyncOptions & { onSave: boolean; onDiskChange: boolean; pushAllOnConnect: boolean; mirrorDeletes: boolean }) | undefined {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const rootSetting = config().get<string>('sync.root', '');
  if (!folder && !isAbsolute(rootSetting)) return undefined;
  const trash = config().get<string>('sync.trashFolder', 'trash').trim();
  return {
    root: isAbsolute(rootSetting) ? rootSetting : join(folder as string, rootSetting),
    server: config().get<string>('sync.server', 'home') || 'home',
    include: listSetting('sync.include', DEFAULT_SYNC_OPTIONS.include, isText, '["**/*.js"]', warn),
    exclude: listSetting('sync.exclude', DEFAULT_SYNC_OPTIONS.exclude, isText, '["**/drafts/**"]', warn),
    maxFileBytes: positiveIntegerSetting('sync.maxFileKB', 1024, warn) * 1024,
    trashFolder: trash === '' ? null : trash,
    onSave: config().get<boolean>('sync.pushOnSave', true),
    onDiskChange: config().get<boolean>('sync.pushOnDiskChange', true),
    pushAllOnConnect: config().get<boolean>('sync.pushAllOnConnect', false),
    mirrorDeletes: config().get<boolean>('sync.mirrorDeletes', true),
  };
}
