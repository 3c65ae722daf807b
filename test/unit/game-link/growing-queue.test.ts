import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { TrafficAggregator } from '../../../core/dashboard/traffic';
import { PortEngine } from '../../../core/engine';
import { GameSource } from '../../../core/game-link/bridge/game-source';
import { newBridgeToken } from '../../../core/game-link/bridge/install';
import { GameLink } from '../../../core/game-link/link';
import type { PortState } from '../../../core/port-view/source';
import { runBridge } from '../../support/in-game';

/** Resolves with the source's port once `test` holds for it. */
function portWhen(source: GameSource, port: number, test: (s: PortState) => boolean): Promise<PortState> {
  return new Promise((done) => {
    const check = () => {
      const s = source.ports().find((p) => p.port === port);
      if (s && test(s)) {
        stop();
        done(s);
      }
    };
    const stop = source.watch(check);
    check();
  });
}

describe('a game queue growing behind the same front item (no deep view)', () => {
  it('is visibly alive in the tree\'s state and the dashboard: writes seen rise, the depth stays unknown', async (t) => {
    const token = newBridgeToken();
    const link = new GameLink({ server: { port: 0 }, bridge: { token, pollMs: 20 } });
    await link.server.start();
    link.hub.setWatch([4], []);
    const engine = new PortEngine({ capacity: 50 });
    const bridge = await runBridge(engine, { url: link.bridgeUrl(), token, liveness: false });
    t.after(async () => {
      bridge.game.kill();
      await bridge.ended;
      await link.stop();
    });
    // Pinned, so the empty port is listed: once it is, the bridge watches it and sees every write.
    const source = new GameSource(link.server, link.hub, { capacity: () => 50, pinned: () => new Set([4]) });
    await portWhen(source, 4, (s) => s.items.length === 0);
    const dashboard = new TrafficAggregator();
    const ns = engine.nsFor('worker');
    for (let i = 1; i <= 30; i++) {
      ns.writePort(4, { job: i });
      const state = await portWhen(source, 4, (s) => (s.seen?.writes ?? 0) >= i);
      dashboard.observe('game', [state], Date.now());
    }
    const state = source.ports().find((p) => p.port === 4)!;
    assert.equal(state.complete, false);
    assert.deepEqual(state.items, [{ job: 1 }], 'only the front is known');
    assert.equal(state.seen?.writes, 30);
    assert.equal(state.seen?.frontChanges, 0);
    assert.ok(state.seen?.lastChange !== undefined);
    const view = dashboard.takeState(Date.now()).ports.find((p) => p.port === 4)!;
    assert.equal(view.depthUnknown, true, 'the dashboard does not draw 1/50 as if known');
    assert.equal(view.size, 1);
    assert.equal(view.writes, 30);

    ns.readPort(4);
    const after = await portWhen(source, 4, (s) => (s.seen?.frontChanges ?? 0) === 1);
    assert.deepEqual(after.items, [{ job: 2 }]);
  });
});
