import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { bridgeFiles, newBridgeToken } from '../../../core/game-link/bridge/install';
import { GameLink } from '../../../core/game-link/link';
import { unwrapScriptError } from '../../../core/game-link/remote-api/protocol';
import { PortRegistry } from '../../../core/registry';
import { bridgeSource, runBridgeFiles, type RunningBridge } from '../../support/in-game';

/** A tool and the files it would push, for bridges run on `engine` (the game's ports). */
async function tool(registry?: PortRegistry, freePortsFill = 0) {
  const token = newBridgeToken();
  const logs: string[] = [];
  let waiters: { test: RegExp; done: () => void }[] = [];
  const log = (line: string) => {
    logs.push(line);
    waiters = waiters.filter((w) => !(w.test.test(line) && (w.done(), true)));
  };
  /** Resolves once the tool logs a line matching `test`. */
  const logged = (test: RegExp) => new Promise<void>((done) => (logs.some((l) => test.test(l)) ? done() : waiters.push({ test, done })));
  const link = new GameLink({ server: { port: 0 }, bridge: { token, registry: registry && (() => registry), pollMs: 20, freePortsFill }, log });
  await link.server.start();
  const files = (t = token) => Object.fromEntries(bridgeFiles(bridgeSource(), { url: link.bridgeUrl(), token: t, liveness: false }).map((f) => [f.filename, f.content]));
  const linkedTo = (pid: number) =>
    new Promise<void>((done) => {
      if (link.hub.link?.pid === pid) return done();
      const stop = link.hub.onLink.on((l) => l?.pid === pid && (stop(), done()));
    });
  return { link, files, logs, logged, linkedTo };
}

async function end(...bridges: RunningBridge[]): Promise<void> {
  for (const b of bridges) {
    b.game.kill();
    await b.ended;
  }
}

describe('the bridge link: one bridge, a kept token, a reload', () => {
  it('a second bridge is told another is linked and stops by itself; the first keeps the link', async () => {
    const { link, files, logs, linkedTo } = await tool();
    const engine = new PortEngine();
    const first = await runBridgeFiles(engine, files(), 7);
    await linkedTo(7);
    const second = await runBridgeFiles(engine, files(), 8);
    await second.ended;
    assert.ok(second.game.logs.some((l) => /another bridge \(pid 7\) is linked\. This one stops/.test(l)), second.game.logs.join('\n'));
    assert.equal(link.hub.link?.pid, 7);
    assert.ok(logs.some((l) => /a second bridge \(pid 8\) tried to link while pid 7 is linked/.test(l)));
    assert.ok(!logs.some((l) => /replaces|disconnected/.test(l)));
    await end(first);
    await link.stop();
  });

  it('a bridge refused for its token re-reads its settings file and links once the tool has pushed the right one', async () => {
    const { link, files, logged, linkedTo } = await tool();
    const pushed = files(newBridgeToken());
    const bridge = await runBridgeFiles(new PortEngine(), pushed, 9);
    await logged(/refused a bridge with an unknown token/);
    Object.assign(pushed, files());
    await linkedTo(9);
    assert.ok(bridge.game.logs.some((l) => l.includes('re-read bbports-bridge.json')));
    await end(bridge);
    await link.stop();
  });

  it('a bridge that cannot reach its address re-reads its settings and follows the tool to its new port', async () => {
    const { link, files, linkedTo } = await tool();
    const pushed = files();
    const settings = JSON.parse(pushed['bbports-bridge.json']!) as { url: string };
    pushed['bbports-bridge.json'] = JSON.stringify({ ...settings, url: 'ws://127.0.0.1:9/bridge' });
    const bridge = await runBridgeFiles(new PortEngine(), pushed, 11);
    Object.assign(pushed, files());
    await linkedTo(11);
    assert.ok(bridge.game.logs.some((l) => l.includes('names another address now')));
    await end(bridge);
    await link.stop();
  });

  it('frees in-game reservations when the bridge finds the ports wiped (a reload), not when it merely restarts', async () => {
    const registry = new PortRegistry();
    registry.reserve(1024, { kind: 'script', hostname: 'home', pid: 3 });
    registry.reserve(1025, { kind: 'process', tag: 'planner' });
    const { link, files, logs, linkedTo } = await tool(registry);
    const engine = new PortEngine();
    const first = await runBridgeFiles(engine, files(), 1);
    await linkedTo(1);
    assert.equal(registry.holder(1024), undefined, 'the script reservation from before the reload is gone');
    assert.equal(registry.holder(1025)?.owner.kind, 'process', 'a program\'s reservation is not the game\'s to lose');
    assert.ok(logs.some((l) => /freed ports 1024 held by in-game scripts/.test(l)));
    registry.reserve(1030, { kind: 'script', hostname: 'home', pid: 5 });
    await end(first);
    const again = await runBridgeFiles(engine, files(), 2);
    await linkedTo(2);
    assert.equal(registry.holder(1030)?.owner.kind, 'script', 'ports were not wiped: the reservation stands');
    await end(again);
    await link.stop();
  });

  it('checks tool-side port numbers with the game\'s texts before sending, and unwraps the game\'s own refusals', async () => {
    const { link, files, linkedTo } = await tool();
    const bridge = await runBridgeFiles(new PortEngine(), files(), 4);
    await linkedTo(4);
    await assert.rejects(link.hub.command('write', 0, 'x'), { message: 'write: portNumber must be a positive integer, was 0' });
    await assert.rejects(link.hub.command('peek', 1.5), { message: 'peek: portNumber must be a positive integer, was 1.5' });
    await end(bridge);
    await link.stop();
    assert.equal(
      unwrapScriptError('TYPE ERROR\nbbports-bridge.js@home (PID - 2)\n\ngetPortHandle: portNumber should be a positive integer, was 0\n\nStack: at main (home/bbports-bridge.js:1:2)'),
      'getPortHandle: portNumber should be a positive integer, was 0',
    );
    assert.equal(unwrapScriptError('a plain message'), 'a plain message');
  });

  it('keeps FreePorts full by default, as seed 001 does, refills it at once as numbers are taken, or keeps the number asked for', async () => {
    const full = await tool(new PortRegistry());
    const engine = new PortEngine({ capacity: 50 });
    const bridge = await runBridgeFiles(engine, full.files(), 5);
    await full.linkedTo(5);
    const free = engine.ns.getPortHandle(1001);
    while (!free.full()) await free.nextWrite();
    const taken = Array.from({ length: 30 }, () => free.read() as number);
    engine.ns.writePort(1000, { type: 'reserve', service: 'PortRegistry', port: taken[0], hostname: 'home', pid: 5 });
    while (!free.full()) await free.nextWrite();
    assert.equal(engine.size(1001), 50, 'full again after one request, from the numbers the bridge holds');
    await end(bridge);
    await full.link.stop();

    const three = await tool(new PortRegistry(), 3);
    const other = new PortEngine({ capacity: 50 });
    const second = await runBridgeFiles(other, three.files(), 6);
    await three.linkedTo(6);
    const few = other.ns.getPortHandle(1001);
    while (other.size(1001) < 3) await few.nextWrite();
    await three.link.hub.stats();
    assert.equal(other.size(1001), 3);
    await end(second);
    await three.link.stop();
  });
});
