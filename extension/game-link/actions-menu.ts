import * as vscode from 'vscode';
import type { PortsContext } from '../context';
import type { GameLinkController } from './controller';
import { gameLinkSettings } from './settings';

interface Action {
  label: string;
  detail?: string;
  run: () => unknown;
}

const command = (id: string, ...args: unknown[]) => () => vscode.commands.executeCommand(`bitburnerPorts.${id}`, ...args);

/**
 * What the status bar item offers, by the link's state: whatever can be done now, the likely next step first, and
 * stopping the server last (where it is not picked by accident).
 */
export function actionsFor(ctx: PortsContext, c: GameLinkController): { title: string; actions: Action[] } {
  const port = c.status.port ?? gameLinkSettings(() => {}).port;
  const everywhere: Action[] = [
    { label: '$(graph) Open the Port Dashboard', run: command('openDashboard') },
    { label: '$(output) Show the log', run: () => ctx.log.show() },
    { label: '$(gear) Game link settings', run: () => vscode.commands.executeCommand('workbench.action.openSettings', 'bitburnerPorts.gameLink') },
  ];
  const otherPort: Action = { label: '$(plug) Start on another port…', detail: 'Saved in the user settings; set the same port in the game', run: () => c.useAnotherPort(port) };
  const stop: Action = { label: '$(debug-stop) Stop the server', run: command('gameLink.stop') };
  if (c.elsewhere && (c.status.state === 'stopped' || c.status.state === 'error')) {
    return { title: `Port ${c.elsewhere.port} is held by Bitburner Ports in another window: the game connects there`, actions: [otherPort, ...everywhere] };
  }
  switch (c.status.state) {
    case 'stopped':
      return { title: 'Bitburner game link: off', actions: [{ label: `$(play) Start the server on port ${port}`, detail: 'Then in the game: Options → Remote API → Connect', run: command('gameLink.start') }, ...everywhere] };
    case 'error':
      return { title: `Bitburner game link: ${c.status.detail ?? 'the server stopped'}`, actions: [{ label: '$(refresh) Retry', run: command('gameLink.start') }, otherPort, ...everywhere] };
    case 'waiting':
    case 'reconnecting':
      return {
        title: `Waiting for the game on port ${port}`,
        actions: [{ label: `$(copy) Copy the port number (${port})`, detail: 'In the game: Options → Remote API, enter this port, press Connect', run: () => vscode.env.clipboard.writeText(String(port)) }, ...everywhere, stop],
      };
    case 'connected': {
      const bridge = c.link?.hub.link !== undefined;
      const install: Action = { label: '$(debug-start) Install the game bridge', detail: 'Live game ports, the registry in the game', run: command('bridge.install') };
      return {
        title: `The game is connected on port ${port}${bridge ? ', the bridge too' : ''}`,
        actions: [
          ...(bridge ? [] : [install]),
          { label: '$(cloud-upload) Push all files', run: command('sync.pushAll') },
          { label: '$(cloud-download) Pull files from the game…', run: command('sync.pull') },
          { label: '$(server) Choose the target server…', run: command('sync.chooseServer') },
          ...(bridge ? [{ label: '$(pin) Pin a game port…', run: command('bridge.pinPort') }, install] : []),
          { label: '$(file-code) Fetch NetscriptDefinitions.d.ts', run: command('gameLink.fetchDefinitions') },
          { label: '$(save) Back up the save…', run: command('gameLink.backupSave') },
          ...everywhere,
          stop,
        ],
      };
    }
  }
}
