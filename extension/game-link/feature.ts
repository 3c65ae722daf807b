import type { PortsContext } from '../context';
import { onSettingChanged } from '../settings';
import { registerGameLinkCommands } from './commands';
import { GameLinkController } from './controller';
import { shouldAutoStart } from './relevance';
import { registerStatusBar } from './status-bar';
import { registerSyncEvents } from './sync-events';

/** The game link: Remote API server, file sync, the in-game bridge and its Game root. The server starts in a Bitburner workspace. */
export function registerGameLink(ctx: PortsContext): void {
  const controller = new GameLinkController(ctx);
  ctx.track(controller, ...registerStatusBar(controller), ...registerSyncEvents(controller));
  registerGameLinkCommands(ctx, controller);
  ctx.track(
    onSettingChanged('sync', () => controller.rebuildSync()),
    onSettingChanged('bridge.watchPorts', () => controller.updateWatch((m) => ctx.warn(m))),
    // A new port or allow-list applies at once to a running server (the game must then connect to the new port).
    ...['gameLink.port', 'gameLink.allowedOrigins'].map((key) => onSettingChanged(key, () => void controller.applySettings())),
  );
  // Only where the game is played from (or where the setting says so): a work project's window leaves the port alone.
  // Deciding reads files, so a server someone started meanwhile (a command) is left as it is.
  void shouldAutoStart().then((yes) => (yes && !controller.startAsked ? controller.start() : undefined));
}
