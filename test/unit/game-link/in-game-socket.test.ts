import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { PortEngine } from '../../../core/engine';
import { newBridgeToken } from '../../../core/game-link/bridge/install';
import { GameLink } from '../../../core/game-link/link';
import { runBridge } from '../../support/in-game';

describe('the bridge run by the test double', () => {
  it('dials with the game page\'s Origin even where the host has a WebSocket of its own that sends none', async () => {
    // Node 22+ (the VS Code extension host) has a global WebSocket, and like any program's it sends no Origin: the
    // tool refuses those. The bridge in the game gets the page's WebSocket, so the double must give it one too.
    const host = globalThis as { WebSocket?: unknown };
    const before = host.WebSocket;
    const program = class ProgramWebSocket extends WebSocket {};
    host.WebSocket = program;
    const token = newBridgeToken();
    let refused = (_line: string) => {};
    const link = new GameLink({ server: { port: 0 }, bridge: { token }, log: (line) => refused(line) });
    try {
      await link.server.start();
      const linked = new Promise<void>((done, fail) => {
        refused = (line) => /^refused a connection/.test(line) && fail(new Error(line));
        const stop = link.hub.onLink.on((l) => l?.pid === 3 && (stop(), done()));
      });
      const bridge = await runBridge(new PortEngine(), { url: link.bridgeUrl(), token, liveness: false }, 3);
      await linked.finally(() => bridge.game.kill());
      await bridge.ended;
      assert.equal(host.WebSocket, program, 'the host\'s own WebSocket is left in place');
    } finally {
      host.WebSocket = before;
      await link.stop();
    }
  });
});
