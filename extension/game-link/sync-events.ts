import * as vscode from 'vscode';
import type { GameLinkController } from './controller';
import { syncSettings } from './settings';

/**
 * Pushes on save and on changes made on disk by other tools (a bundler, a git checkout), and mirrors deletes. An
 * editor save is seen twice (the save and the disk change); the sync core sends identical content only once.
 */
export function registerSyncEvents(controller: GameLinkController): vscode.Disposable[] {
  const settings = () => syncSettings(() => {});
  const watcher = vscode.workspace.createFileSystemWatcher('**/*');
  const onDisk = (uri: vscode.Uri) => {
    if (settings()?.onDiskChange) void controller.push(uri.fsPath);
  };
  return [
    watcher,
    vscode.workspace.onDidSaveTextDocument((doc) => {
      if (doc.uri.scheme === 'file' && settings()?.onSave) void controller.push(doc.uri.fsPath);
    }),
    watcher.onDidChange(onDisk),
    watcher.onDidCreate(onDisk),
    watcher.onDidDelete((uri) => {
      if (settings()?.mirrorDeletes) void controller.remove(uri.fsPath);
    }),
  ];
}
