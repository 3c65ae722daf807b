import * as vscode from 'vscode';
import type { LinkStatus } from '../../core/game-link/remote-api/game-server';
import { describeSyncCheck, type SyncCheck } from '../../core/game-link/sync/sync-check';
import type { GameLinkController } from './controller';

function describe(status: LinkStatus, bridge: boolean, sync: { check: SyncCheck; server: string } | undefined): { text: string; tooltip: string; error?: boolean } {
  const port = status.port ? ` :${status.port}` : '';
  switch (status.state) {
    case 'stopped':
      return { text: '$(debug-disconnect) Bitburner: off', tooltip: 'The Remote API server is stopped. Click for actions.' };
    case 'waiting':
      return { text: `$(plug) Bitburner: waiting${port}`, tooltip: `Waiting for the game. In the game: Options → Remote API, port ${status.port}, Connect.` };
    case 'connected': {
      const files = sync && describeSyncCheck(sync.check, sync.server);
      return {
        text: `${files?.differs ? '$(warning)' : '$(check)'} Bitburner${files?.label ? ` · ${files.label}` : ''}${bridge ? ' · bridge' : ''}`,
        tooltip: `The game is connected on port ${status.port}.${files ? ` ${files.detail}` : ' Open a folder to sync it.'}${bridge ? ' The bridge reports live ports.' : ' For live game ports: install the bridge, then "run bbports-bridge.js" in the game.'}`,
      };
    }
    case 'reconnecting':
      return { text: `$(sync~spin) Bitburner: reconnecting${port}`, tooltip: `The game went away (${status.detail}). Game v3 reconnects by itself; in v2.7 press Connect under Options → Remote API.` };
    case 'error':
      return { text: `$(error) Bitburner: ${status.detail?.includes('already in use') ? `port${port} in use` : 'server stopped'}`, tooltip: `${status.detail ?? 'The server could not start.'} Click for actions.`, error: true };
  }
}

/** Another window of ours holds the port: not an error, the game talks to that window. */
function elsewhere({ port }: { port: number }): { text: string; tooltip: string; error?: boolean } {
  return { text: `$(window) Bitburner: in another window`, tooltip: `Port ${port} is held by Bitburner Ports in another VS Code window: the game connects there. Click to start a server in this window on another port.` };
}

/** The connection item (click for every game-link action) and, for a synced script, its RAM after the last push. */
export function registerStatusBar(controller: GameLinkController): vscode.Disposable[] {
  const link = vscode.window.createStatusBarItem('bitburnerPorts.gameLink', vscode.StatusBarAlignment.Left, 20);
  link.name = 'Bitburner game link';
  link.command = 'bitburnerPorts.gameLink.actions';
  const ram = vscode.window.createStatusBarItem('bitburnerPorts.ram', vscode.StatusBarAlignment.Right, 100);
  ram.name = 'Bitburner script RAM';

  const update = () => {
    controller.contextKeys.update(controller);
    const sync = controller.sync && { check: controller.syncCheck, server: controller.sync.options.server };
    const d = controller.elsewhere && controller.status.state !== 'connected' && controller.status.state !== 'waiting' ? elsewhere(controller.elsewhere) : describe(controller.status, controller.link?.hub.link !== undefined, sync);
    link.text = d.text;
    link.tooltip = d.tooltip;
    link.backgroundColor = d.error ? new vscode.ThemeColor('statusBarItem.errorBackground') : undefined;
    link.show();
    const file = vscode.window.activeTextEditor?.document.uri.fsPath;
    const gb = file ? controller.ram.get(file) : undefined;
    if (gb === undefined) {
      ram.hide();
      return;
    }
    ram.text = `$(server) ${gb.toFixed(2)} GB`;
    ram.tooltip = controller.ramTooltip(file as string, gb);
    ram.show();
  };
  update();
  const stop = controller.onStatus.on(update);
  return [link, ram, vscode.window.onDidChangeActiveTextEditor(update), { dispose: stop }];
}
