import { PortEngine } from '../core/engine/engine';
import { newBridgeToken } from '../core/game-link/bridge/install';
import { GameLink } from '../core/game-link/link';
import { runBridge } from '../test/support/in-game';
import type { Bench } from './run';
import { median, percentile, table } from './measure';

const SAMPLES = 300;

/** Resolves when the bridge has reported `value` as port `port`'s front item. */
function reportedFront(link: GameLink, port: number, value: unknown): Promise<void> {
  return new Promise((resolve) => {
    const stop = link.hub.onChange.on(() => {
      if (link.hub.reports().some((r) => r.port === port && r.front === value)) {
        stop();
        resolve();
      }
    });
  });
}

/**
 * The real bridge script on the embedded engine, linked to a real server over loopback: how soon a game-side write to
 * a watched port reaches the tool, and what one full scan of 20 watched ports costs the game per tick.
 */
export const gameLinkBench: Bench = {
  name: 'game-link',
  async run() {
    const engine = new PortEngine();
    const token = newBridgeToken();
    const link = new GameLink({ server: { port: 0 }, bridge: { token, pollMs: 20 } });
    await link.server.start();
    link.hub.setWatch(Array.from({ length: 20 }, (_, i) => i + 1), []);
    const linked = new Promise<void>((resolve) => link.hub.onLink.on((l) => l && resolve()));
    const bridge = await runBridge(engine, { url: link.bridgeUrl(), token, liveness: false });
    await linked;

    const latencies: number[] = [];
    for (let i = 0; i < SAMPLES; i++) {
      const seen = reportedFront(link, 3, i);
      const start = performance.now();
      engine.ns.readPort(3);
      engine.ns.writePort(3, i);
      await seen;
      latencies.push(performance.now() - start);
    }

    const scans = async (label: string, fill: (port: number) => void) => {
      for (let p = 1; p <= 20; p++) {
        engine.ns.clearPort(p);
        fill(p);
      }
      const samples: number[] = [];
      for (let i = 0; i < 60; i++) {
        await new Promise((r) => setTimeout(r, 25));
        samples.push((await link.hub.stats()).fullScanMs);
      }
      return [label, median(samples), percentile(samples, 95)] as [string, number, number];
    };
    const rows = [
      await scans('20 watched ports, empty', () => {}),
      await scans('20 watched ports, 50 numbers each', (p) => Array.from({ length: 50 }, (_, i) => engine.ns.writePort(p, i))),
      await scans('20 watched ports, an object in front', (p) => engine.ns.writePort(p, { type: 'hack', target: 'n00dles', threads: p, batch: Array.from({ length: 20 }, (_, i) => i) })),
    ];

    table(['game-side write → tool (watched port)', 'median ms', 'p95 ms', 'samples'], [['writePort, reported front', median(latencies), percentile(latencies, 95), SAMPLES]]);
    console.log('');
    table(['bridge work per tick (one full scan, in the game)', 'median ms', 'p95 ms'], rows);
    bridge.game.kill();
    await bridge.ended;
    await link.stop();
  },
};
