import * as vscode from 'vscode';
import type { FileSync } from '../../core/game-link/sync/file-sync';
import { pushStale, reconcile, revertedScriptsNotice, summarize, type SyncReport } from '../../core/game-link/sync/reconcile';
import { checkedAfter } from '../../core/game-link/sync/sync-check';
import type { GameLinkController } from './controller';
import { syncSettings } from './settings';

/** The workspace's answer to the first connect's question: push what is stale on every connect, or never. */
export const SYNC_CHOICE_KEY = 'bitburnerPorts.syncOnConnect';
type Choice = 'push' | 'never';

/**
 * On every connect and reconnect: compares the sync folder with the game (which may have reloaded an older save),
 * pushes what is missing or stale there if the workspace said so (asked once, with a summary, on its first connect),
 * and brings what was changed in the game to the player instead of overwriting it.
 */
export async function reconcileOnConnect(c: GameLinkController, sync: FileSync): Promise<void> {
  const { ctx } = c;
  const server = sync.options.server;
  c.setSyncCheck({ state: 'checking' });
  let report: SyncReport;
  try {
    report = await reconcile(sync);
  } catch (error) {
    c.setSyncCheck({ state: 'unchecked' });
    ctx.fail(`Comparing the files on ${server} with the sync folder`, error);
    return;
  }
  logReport(c, report, server);
  // Said before any question: the status bar must not claim "checking" (or "in sync") while the player decides.
  c.setSyncCheck(checkedAfter(report, []));
  const choice = await choiceFor(c, report, server);
  const pushed = choice === 'push' && report.toPush.length ? await pushStale(sync, report) : undefined;
  for (const f of pushed?.failed ?? []) ctx.log.error(`sync: ${f.file}: ${f.error}`);
  c.setSyncCheck(checkedAfter(report, pushed?.done ?? []));
  const notice = pushed && revertedScriptsNotice(report, server);
  if (notice) void vscode.window.showWarningMessage(`Bitburner Ports: ${notice}`);
  if (report.changedInGame.length) void offerChangedInGame(c, sync, report);
}

function logReport(c: GameLinkController, report: SyncReport, server: string): void {
  const log = c.ctx.log;
  log.info(`sync: checked ${server} against the sync folder (by ${report.by}): ${summarize(report)}`);
  for (const f of report.toPush) log.info(`sync:   ${f.why === 'missing' ? 'missing in the game' : 'older in the game'}: ${f.gamePath}`);
  for (const f of report.changedInGame) log.info(`sync:   changed in the game, not overwritten: ${f.gamePath}`);
  for (const p of report.onlyInGame) log.info(`sync:   only in the game: ${p}`);
}

/** The workspace's remembered answer; on its first connect with something to push, the question (remembered unless dismissed). */
async function choiceFor(c: GameLinkController, report: SyncReport, server: string): Promise<Choice | undefined> {
  if (syncSettings(() => {})?.pushAllOnConnect) return 'push';
  const state = c.ctx.extension.workspaceState;
  const remembered = state.get<Choice>(SYNC_CHOICE_KEY);
  if (remembered || !report.toPush.length) return remembered;
  const push = `Push ${report.toPush.length} File(s), Now and on Every Connect`;
  const never = 'Not in This Workspace';
  const picked = await vscode.window.showInformationMessage(
    `Bitburner Ports: the game is connected. Its ${server} compared with this folder: ${summarize(report)}.`,
    { detail: 'Pushing sends the files the game lacks or holds an older copy of. Files changed in the game are never overwritten without asking.' },
    push,
    never,
  );
  const choice: Choice | undefined = picked === push ? 'push' : picked === never ? 'never' : undefined;
  if (choice) await state.update(SYNC_CHOICE_KEY, choice);
  return choice;
}

/** Files changed in the game since the last sync: the player picks whose version wins (the File Sync Plugin's prompt). */
async function offerChangedInGame(c: GameLinkController, sync: FileSync, report: SyncReport): Promise<void> {
  const names = report.changedInGame.map((f) => f.gamePath);
  const pull = 'Pull the Game\'s Versions';
  const push = 'Push Mine over Them';
  const picked = await vscode.window.showWarningMessage(
    `Bitburner Ports: ${names.length} file(s) were changed in the game since they were last synced, and were not overwritten: ${names.slice(0, 5).join(', ')}${names.length > 5 ? ', …' : ''}`,
    pull,
    push,
    'Show Log',
  );
  if (picked === 'Show Log') c.ctx.log.show();
  if (picked === pull) {
    const wanted = new Set(names);
    const outcome = await sync.pull((p) => wanted.has(p), async (conflicts) => conflicts);
    for (const p of outcome.done) c.markSynced(p);
  }
  if (picked === push) for (const f of report.changedInGame) await c.push(f.file);
}
