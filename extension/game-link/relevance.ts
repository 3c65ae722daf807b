import { readFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { looksLikeGameScript } from './game-script';

/** Enough scripts to tell a Bitburner folder from another project, few enough to read in a blink. */
const SCRIPTS_TO_READ = 60;
const EXCLUDE = '{**/node_modules/**,**/.git/**,**/dist/**,**/out/**}';

/**
 * Should this window start the Remote API server by itself? `gameLink.autoStart` set to true (in any settings
 * file) says yes everywhere, false says never; left alone, only a Bitburner workspace does: one with a bbports.json,
 * the game's NetscriptDefinitions.d.ts, or scripts written for the game. So a work project's window never contends
 * with the game's for the port.
 */
export async function shouldAutoStart(): Promise<boolean> {
  const setting = vscode.workspace.getConfiguration('bitburnerPorts').inspect<boolean>('gameLink.autoStart');
  const explicit = setting?.workspaceFolderValue ?? setting?.workspaceValue ?? setting?.globalValue;
  if (explicit !== undefined) return explicit;
  if (!vscode.workspace.workspaceFolders?.length) return false;
  if ((await vscode.workspace.findFiles('{**/bbports.json,**/NetscriptDefinitions.d.ts}', EXCLUDE, 1)).length) return true;
  const scripts = await vscode.workspace.findFiles('**/*.{js,ts,jsx,tsx}', EXCLUDE, SCRIPTS_TO_READ);
  for (const uri of scripts) {
    const text = await readFile(uri.fsPath, 'utf8').catch(() => '');
    if (looksLikeGameScript(text)) return true;
  }
  return false;
}
