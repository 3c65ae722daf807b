import * as vscode from 'vscode';
import type { GameServer } from '../../core/game-link/remote-api/game-server';
import { normalizeOrigin, type ConnectionOrigin } from '../../core/game-link/remote-api/origin';
import type { PortsContext } from '../context';

const REFUSED_KEY = 'bitburnerPorts.refusedOrigins';

/**
 * When the server refuses a page's Origin, asks the player once, naming it: Allow adds it to the (machine-scoped,
 * so no workspace can add one) allowedOrigins setting, Keep Refusing is remembered and never asked again. One prompt
 * at a time: a stranger knocking with many origins gets one question, the rest only go to the log.
 */
export function promptForRefusedOrigins(ctx: PortsContext, server: GameServer): () => void {
  const asked = new Set<string>();
  let open = false;
  return server.onRefused.on((from: ConnectionOrigin) => {
    if (from.origin === undefined || open) return;
    const origin = normalizeOrigin(from.origin);
    if (asked.has(origin) || ctx.extension.globalState.get<string[]>(REFUSED_KEY, []).includes(origin)) return;
    asked.add(origin);
    open = true;
    void ask(ctx, origin).finally(() => (open = false));
  });
}

async function ask(ctx: PortsContext, origin: string): Promise<void> {
  const allow = `Allow ${origin}`;
  const why = origin === 'null'
    ? ' Origin null is sent by a game opened from a file, but any web page can send it too (from a sandboxed frame).'
    : '';
  const choice = await vscode.window.showWarningMessage(
    `Bitburner Ports refused a page with Origin "${origin}" that tried to connect as the game.${why} Allow it only if it is your copy of the game: it would get your synced files and the bridge token.`,
    allow,
    'Keep Refusing',
  );
  if (choice === 'Keep Refusing') {
    await ctx.extension.globalState.update(REFUSED_KEY, [...ctx.extension.globalState.get<string[]>(REFUSED_KEY, []), origin]);
  } else if (choice === allow) {
    const config = vscode.workspace.getConfiguration('bitburnerPorts');
    const current = config.inspect<string[]>('gameLink.allowedOrigins')?.globalValue ?? [];
    // The setting's change listener restarts the server with the new list.
    await config.update('gameLink.allowedOrigins', [...current, origin], vscode.ConfigurationTarget.Global);
    void vscode.window.showInformationMessage(`Bitburner Ports: ${origin} is allowed (setting bitburnerPorts.gameLink.allowedOrigins). Press Connect in the game's Options → Remote API again.`);
  }
}
