import * as vscode from 'vscode';
import type { GameServer } from '../../core/game-link/remote-api/game-server';
import { askAboutRefusedOrigins, type OriginAnswer } from '../../core/game-link/remote-api/origin-questions';
import type { PortsContext } from '../context';

const REFUSED_KEY = 'bitburnerPorts.refusedOrigins';

/**
 * Asks the player about a refused origin, naming it. Allow adds it to the allowedOrigins setting (machine-scoped, so
 * no workspace can add one; its change listener restarts the server); Keep Refusing is remembered in global state.
 */
export function promptForRefusedOrigins(ctx: PortsContext, server: GameServer): () => void {
  const state = ctx.extension.globalState;
  return askAboutRefusedOrigins(server, {
    ask,
    refused: () => state.get<string[]>(REFUSED_KEY, []),
    async remember(origin, answer) {
      if (answer === 'refuse') return state.update(REFUSED_KEY, [...state.get<string[]>(REFUSED_KEY, []), origin]);
      const config = vscode.workspace.getConfiguration('bitburnerPorts');
      const current = config.inspect<string[]>('gameLink.allowedOrigins')?.globalValue ?? [];
      await config.update('gameLink.allowedOrigins', [...current, origin], vscode.ConfigurationTarget.Global);
      void vscode.window.showInformationMessage(`Bitburner Ports: ${origin} is allowed (setting bitburnerPorts.gameLink.allowedOrigins). Press Connect in the game's Options → Remote API again.`);
    },
  });
}

async function ask(origin: string): Promise<OriginAnswer> {
  const allow = `Allow ${origin}`;
  const why = origin === 'null' ? ' Origin null is sent by a game opened from a file, but any web page can send it too (from a sandboxed frame).' : '';
  const choice = await vscode.window.showWarningMessage(
    `Bitburner Ports refused a page with Origin "${origin}" that tried to connect as the game.${why} Allow it only if it is your copy of the game: it would get your synced files and the bridge token.`,
    allow,
    'Keep Refusing',
  );
  return choice === allow ? 'allow' : choice === 'Keep Refusing' ? 'refuse' : undefined;
}
