import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import * as vscode from 'vscode';
import type { PortsContext } from '../context';

type SetupModule = typeof import('../../core/types/setup');

const DEFINITIONS = 'NetscriptDefinitions.d.ts';
const GLOBALS_HEADER = '// Written by Bitburner Ports';
const CHOICE_KEY = 'bitburnerPorts.types.setup';

/**
 * Types in one step: whenever the game's NetscriptDefinitions.d.ts appears or changes in the workspace (Fetch
 * Definitions, or the fetch on a first connect), writes the globals declaration beside it and, when the folder has no
 * config, a jsconfig.json that includes both, after asking once per workspace. A player's own config is never
 * rewritten: the tool shows what to add. The last definitions are kept in the workspace's storage and put back if the
 * file goes missing, so types and RAM work with no game running.
 */
export function registerTypesSetup(ctx: PortsContext): void {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${DEFINITIONS}`);
  const onDefinitions = (uri: vscode.Uri) => void setUp(ctx, uri.fsPath).catch((error) => ctx.fail('Setting up types for NS', error));
  // The command is the player's yes: it sets up at once (and from then on after each fetch) without asking.
  const command = vscode.commands.registerCommand('bitburnerPorts.types.setUp', async () => {
    const [found] = await vscode.workspace.findFiles(`**/${DEFINITIONS}`, '**/node_modules/**', 1);
    if (!found) throw new Error(`no ${DEFINITIONS} in this workspace: connect the game and run Fetch NetscriptDefinitions.d.ts first`);
    await ctx.extension.workspaceState.update(CHOICE_KEY, 'yes');
    await setUp(ctx, found.fsPath);
    return found.fsPath;
  });
  ctx.track(watcher, command, watcher.onDidCreate(onDefinitions), watcher.onDidChange(onDefinitions));
  void restoreKept(ctx);
}

/** A fetch fires create and change together: while the question is open, more events do not ask again. */
let asking = false;

async function setUp(ctx: PortsContext, definitionsFile: string): Promise<void> {
  keep(ctx, definitionsFile);
  const choice = ctx.extension.workspaceState.get<string>(CHOICE_KEY);
  if (choice === 'never') return;
  if (choice !== 'yes') {
    if (asking) return;
    asking = true;
    const answer = await vscode.window.showInformationMessage(
      `Set up types for NS? Bitburner Ports writes ${'NetscriptGlobals.d.ts'} beside ${DEFINITIONS} and, if the folder has none, a jsconfig.json that includes both (your own config is never changed).`,
      'Set Up',
      'Not Now',
      'Never for This Workspace',
    );
    asking = false;
    if (answer === 'Never for This Workspace') await ctx.extension.workspaceState.update(CHOICE_KEY, 'never');
    if (answer !== 'Set Up') return;
    await ctx.extension.workspaceState.update(CHOICE_KEY, 'yes');
  }
  // The setup reads the definitions with the TypeScript compiler, bundled in dist/ram.js: loaded here, not at activation.
  const setup = require(join(ctx.extension.extensionPath, 'dist', 'ram.js')) as SetupModule;
  const folder = dirname(definitionsFile);
  const globals = join(folder, setup.GLOBALS_FILE);
  // Our own file is rewritten for new game exports; a file of that name the player wrote is left alone.
  if (!existsSync(globals) || readFileSync(globals, 'utf8').startsWith(GLOBALS_HEADER)) writeFileSync(globals, setup.globalsDeclaration(readFileSync(definitionsFile, 'utf8')));
  const configs = new Map(['jsconfig.json', 'tsconfig.json'].filter((n) => existsSync(join(folder, n))).map((n) => [n, readFileSync(join(folder, n), 'utf8')]));
  const step = setup.configStep(configs);
  if (step.kind === 'write') {
    writeFileSync(join(folder, step.file), step.content);
    void vscode.window.setStatusBarMessage(`$(check) Types for NS: wrote ${setup.GLOBALS_FILE} and ${step.file}`, 5000);
  } else if (step.kind === 'advise') {
    const show = await vscode.window.showWarningMessage(`Types for NS: your ${step.file} needs ${step.missing.length} addition(s) to use the game's types; it was not changed.`, 'Show What to Add');
    if (show) await vscode.window.showTextDocument(await vscode.workspace.openTextDocument({ language: 'markdown', content: [`Add to ${join(folder, step.file)}:`, '', ...step.missing.map((m) => `- ${m}`), ''].join('\n') }));
  }
}

/** A copy of the last fetched definitions in the workspace's storage. */
function keptCopy(ctx: PortsContext): string | undefined {
  return ctx.extension.storageUri && join(ctx.extension.storageUri.fsPath, DEFINITIONS);
}

function keep(ctx: PortsContext, definitionsFile: string): void {
  const copy = keptCopy(ctx);
  if (!copy) return;
  mkdirSync(dirname(copy), { recursive: true });
  writeFileSync(copy, readFileSync(definitionsFile));
  void ctx.extension.workspaceState.update(`${CHOICE_KEY}.definitions`, definitionsFile);
}

/** Puts the kept definitions back where they were when that file is gone (a clean checkout, a deleted file). */
async function restoreKept(ctx: PortsContext): Promise<void> {
  const copy = keptCopy(ctx);
  const where = ctx.extension.workspaceState.get<string>(`${CHOICE_KEY}.definitions`);
  if (!copy || !where || existsSync(where) || !existsSync(copy) || !existsSync(dirname(where))) return;
  writeFileSync(where, readFileSync(copy));
  ctx.log.info(`types: put back ${where} from the definitions the last connected game gave this workspace`);
}
