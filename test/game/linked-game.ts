// The real game linked to an in-process GameLink (no serve): the Remote API connected, the bridge pushed and running.
import { newBridgeToken } from '../../core/game-link/bridge/install';
import type { BridgeHubOptions } from '../../core/game-link/bridge/bridge-hub';
import { GameLink } from '../../core/game-link/link';
import { bridgeSource } from '../support/in-game';
import { launchGame, type Game } from './driver';
import { freePort } from './serve';

export async function linkedGame(bridge: Omit<BridgeHubOptions, 'token' | 'log'> = {}): Promise<{ game: Game; link: GameLink }> {
  const link = new GameLink({ server: { port: await freePort() }, bridge: { token: newBridgeToken(), ...bridge } });
  await link.server.start();
  const game = await launchGame();
  const connected = new Promise((done) => link.server.onGame.on(done));
  await game.connect(link.server.status.port!);
  await connected;
  await link.installBridge(bridgeSource(), 'home', false);
  const linked = new Promise((done) => link.hub.onLink.on((l) => l && done(l)));
  await game.terminal('run bbports-bridge.js');
  await linked;
  return { game, link };
}
