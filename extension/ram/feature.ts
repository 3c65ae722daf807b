import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import { toGameVersion } from '../../core/engine/game-version';
import type { CostTable } from '../../core/ram/cost-table';
import { ramView } from '../../core/ram/view';
import type { PortsContext } from '../context';
import { looksLikeGameScript } from '../game-link/game-script';
import { syncSettings } from '../game-link/settings';

/** Typing pauses this long before the estimate runs: the parse stays off the typing path. */
const DEBOUNCE_MS = 400;
const LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);
const DEFINITIONS = 'NetscriptDefinitions.d.ts';

type RamModule = typeof import('../../core/ram');

/**
 * The active script's RAM in the status bar as you type, by the game's static rules (core/ram), with a hover of the
 * cost per function, the lines that cause it and what was assumed. A connected game's own figure wins.
 */
export function registerRamEstimate(ctx: PortsContext): void {
  const item = vscode.window.createStatusBarItem('bitburnerPorts.ramEstimate', vscode.StatusBarAlignment.Right, 99);
  item.name = 'Bitburner script RAM (estimate)';
  let timer: NodeJS.Timeout | undefined;
  let ram: RamModule | undefined;
  const tables = new TableCache();
  const update = () => {
    const doc = vscode.window.activeTextEditor?.document;
    if (!doc || doc.uri.scheme !== 'file' || !LANGUAGES.has(doc.languageId) || !looksLikeGameScript(doc.getText())) return item.hide();
    // The calculator carries the TypeScript compiler (dist/ram.js): loaded on the first script, not at activation.
    ram ??= require(join(ctx.extension.extensionPath, 'dist', 'ram.js')) as RamModule;
    const root = scriptRoot(doc.uri.fsPath);
    const path = relative(root, doc.uri.fsPath).split(sep).join('/');
    const config = vscode.workspace.getConfiguration('bitburnerPorts');
    const sourceFile4 = Math.max(0, Math.min(3, Math.trunc(config.get<number>('ram.sourceFile4', 0))));
    const { table, costs } = tables.get(ram, root, config.get<string>('gameVersion', '3.x'));
    const result = ram.calculateRam(doc.getText(), { path, otherScripts: { get: (p) => scriptText(root, p) }, sourceFile4, table });
    const view = ramView(path, result, { costs, sourceFile4 }, ctx.gameRam.get(doc.uri.fsPath));
    item.text = view.text;
    item.tooltip = new vscode.MarkdownString(view.tooltip);
    item.show();
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      try {
        update();
      } catch (error) {
        item.hide();
        ctx.log.warn(`RAM estimate: ${error instanceof Error ? error.message : String(error)}`);
      }
    }, DEBOUNCE_MS);
  };
  ctx.track(
    item,
    vscode.window.onDidChangeActiveTextEditor(schedule),
    vscode.workspace.onDidChangeTextDocument((e) => e.document === vscode.window.activeTextEditor?.document && schedule()),
    vscode.workspace.onDidSaveTextDocument(schedule),
    ctx.onDidChangeGameRam((file) => file === vscode.window.activeTextEditor?.document.uri.fsPath && schedule()),
    vscode.workspace.onDidChangeConfiguration((e) => (e.affectsConfiguration('bitburnerPorts.gameVersion') || e.affectsConfiguration('bitburnerPorts.ram')) && schedule()),
    { dispose: () => clearTimeout(timer) },
  );
  schedule();
}

/** Where the script's game paths start: the sync folder when the script is in it, else its workspace folder. */
function scriptRoot(file: string): string {
  const sync = syncSettings(() => {})?.root;
  if (sync && !relative(sync, file).startsWith('..')) return sync;
  return vscode.workspace.getWorkspaceFolder(vscode.Uri.file(file))?.uri.fsPath ?? dirname(file);
}

/** An imported script: the editor's text when it is open (unsaved changes count), else the file. */
function scriptText(root: string, path: string): string | undefined {
  const file = join(root, ...path.split('/'));
  const open = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file);
  if (open) return open.getText();
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

/** The assumed table per root, read again only when the root's definitions file changes. */
class TableCache {
  private readonly known = new Map<string, { key: string; value: { table: CostTable; costs: string } }>();
  get(ram: RamModule, root: string, versionSetting: string): { table: CostTable; costs: string } {
    const file = join(root, DEFINITIONS);
    const stamp = existsSync(file) ? statSync(file).mtimeMs : 0;
    const key = `${versionSetting}\0${stamp}`;
    const hit = this.known.get(root);
    if (hit?.key === key) return hit.value;
    const definitions = stamp ? { name: DEFINITIONS, text: readFileSync(file, 'utf8') } : undefined;
    const value = ram.assumedTable(toGameVersion(versionSetting), definitions);
    this.known.set(root, { key, value });
    return value;
  }
}
