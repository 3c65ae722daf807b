import { dirname, relative, sep } from 'node:path';
import * as vscode from 'vscode';
import type { PortsContext } from '../context';
import { PlaygroundSession } from './session';
import { registerPlaygroundTests } from './tests';

const RUNNING_KEY = 'bitburnerPorts.playgroundRunning';
const SPEEDS: { label: string; detail: string; speed: number }[] = [
  { label: 'As fast as possible', detail: 'simulated time: waits are skipped, an hour passes in a moment', speed: Infinity },
  { label: 'Real time', detail: 'one simulated second per second, as in the game', speed: 1 },
  { label: '10× faster', detail: 'ten simulated seconds per second', speed: 10 },
  { label: '100× faster', detail: 'a hundred simulated seconds per second', speed: 100 },
];

/** "Run in Playground" on the current script, its stop button and speed control, and the playground's tests. */
export function registerPlayground(ctx: PortsContext): void {
  let session: PlaygroundSession | undefined;
  let speed = Infinity;
  const setRunning = (running: boolean) => {
    ctx.contextKeys.set(RUNNING_KEY, running);
    void vscode.commands.executeCommand('setContext', RUNNING_KEY, running);
  };

  const run = async (uri?: vscode.Uri) => {
    const file = uri ?? vscode.window.activeTextEditor?.document.uri;
    if (!file || file.scheme !== 'file' || !file.fsPath.endsWith('.js')) return void vscode.window.showErrorMessage('Run in Playground needs a .js game script: open one (export async function main(ns)) and run it again.');
    // Its scripts are the workspace's own code: never run them in a workspace the user has not trusted.
    if (!vscode.workspace.isTrusted) return void vscode.window.showErrorMessage('Run in Playground runs this workspace\'s scripts, and the workspace is not trusted. Trust it (Manage Workspace Trust) to run them.');
    const root = vscode.workspace.getWorkspaceFolder(file)?.uri.fsPath ?? dirname(file.fsPath);
    const script = relative(root, file.fsPath).split(sep).join('/');
    session?.dispose();
    const current = new PlaygroundSession(ctx, root, script, speed);
    session = current;
    current.terminal.show(true);
    setRunning(true);
    ctx.log.info(`playground: ${script} (root ${root})`);
    await current.done;
    if (session === current) setRunning(false);
    return current.done;
  };

  ctx.track(
    vscode.commands.registerCommand('bitburnerPorts.playground.run', run),
    vscode.commands.registerCommand('bitburnerPorts.playground.stop', () => session?.stop()),
    vscode.commands.registerCommand('bitburnerPorts.playground.speed', async () => {
      const pick = await vscode.window.showQuickPick(SPEEDS.map((s) => ({ ...s, description: s.speed === speed ? 'current' : undefined })), { title: 'Playground speed (simulated time per real second)' });
      if (!pick) return;
      speed = pick.speed;
      session?.setSpeed(speed);
    }),
    { dispose: () => session?.dispose() },
  );
  setRunning(false);
  registerPlaygroundTests(ctx);
}
