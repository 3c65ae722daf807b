import * as vscode from 'vscode';
import type { GameLinkController } from './controller';

/**
 * The `when` keys menus and the command palette use: game-only commands show only while a game is connected, start
 * only while the server is off, stop only while it runs. Set only when a value changes.
 */
export const CONTEXT_KEYS = {
  serverRunning: 'bitburnerPorts.serverRunning',
  gameConnected: 'bitburnerPorts.gameConnected',
  bridgeConnected: 'bitburnerPorts.bridgeConnected',
} as const;

export function contextKeysOf(controller: GameLinkController): Record<string, boolean> {
  const state = controller.status.state;
  return {
    [CONTEXT_KEYS.serverRunning]: state !== 'stopped' && state !== 'error',
    [CONTEXT_KEYS.gameConnected]: controller.link?.server.connected === true,
    [CONTEXT_KEYS.bridgeConnected]: controller.link?.hub.link !== undefined,
  };
}

export class ContextKeys {
  /** `values`: where the values last set are kept for whoever asks (ctx.contextKeys). */
  constructor(private readonly values: Map<string, boolean>) {}

  update(controller: GameLinkController): void {
    for (const [key, value] of Object.entries(contextKeysOf(controller))) {
      if (this.values.get(key) === value) continue;
      this.values.set(key, value);
      void vscode.commands.executeCommand('setContext', key, value);
    }
  }
}
