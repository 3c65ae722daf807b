import type { GameLink } from '../link';
import type { BridgeLink } from './bridge-hub';
import { bridgeVersion } from './install';
import { BRIDGE_SCRIPT } from './protocol';

export interface BridgeVersionOptions {
  /** The bridge this tool installs now. */
  source: string;
  /** Looked up at each check: the settings may change. */
  target(): { server: string; liveness: boolean };
  /** The player is told, once per running bridge. */
  notify(text: string): void;
  log?(line: string): void;
}

/** What to tell the player about a running bridge that is not this tool's. */
export function outdatedBridgeNotice(running: BridgeLink, expected: string, server: string): string {
  const which = running.version ? `is version ${running.version}, not this tool's ${expected}` : 'is an older bridge (it predates versions)';
  return (
    `The game bridge running in the game (pid ${running.pid}) ${which}: the game restored it from its save, or another copy of the tool installed it. ` +
    `The current bridge is now on ${server}; restart it in the game's terminal: kill ${running.pid}; run ${BRIDGE_SCRIPT}`
  );
}

/**
 * Checks the running bridge's version whenever a bridge links while the game is connected (either may come first: a
 * bridge restored from a save dials before the game's Remote API connects). An outdated one is replaced in the game's
 * files and the player is told how to restart it: the tool cannot restart a script (no Remote API method runs one).
 */
export function watchBridgeVersion(link: GameLink, o: BridgeVersionOptions): () => void {
  let handled: BridgeLink | undefined;
  const check = async () => {
    const running = link.hub.link;
    if (!running || running === handled || !link.server.connected) return;
    const { server, liveness } = o.target();
    const expected = bridgeVersion(o.source, liveness);
    handled = running;
    if (running.version === expected) return;
    try {
      await link.installBridge(o.source, server, liveness);
      o.notify(outdatedBridgeNotice(running, expected, server));
    } catch (error) {
      handled = undefined;
      o.log?.(`could not replace the outdated bridge: ${(error as Error).message}`);
    }
  };
  const stops = [link.hub.onLink.on(() => void check()), link.server.onGame.on(() => void check())];
  return () => stops.forEach((stop) => stop());
}
