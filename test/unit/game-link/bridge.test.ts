import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { WebSocket, WebSocketServer } from 'ws';
import { NULL_PORT_DATA, PortEngine } from '../../../core/engine';
import type { BridgePortReport } from '../../../core/game-link/bridge/protocol';
import { newBridgeToken } from '../../../core/game-link/bridge/install';
import { GameLink } from '../../../core/game-link/link';
import { PortRegistry } from '../../../core/registry';
import { TestGame } from '../../support/game-client';
import { bridgeSource, InGameNs, loadGameScript, runBridge, type RunningBridge } from '../../support/in-game';
import { calculateRam } from '../../../core/ram';

const engine = new PortEngine({ capacity: 50 });
const registry = new PortRegistry({ clearPort: (port) => engine.clear(port, 'registry') });
const token = newBridgeToken();
const link = new GameLink({ server: { port: 0 }, bridge: { token, registry: () => registry, pollMs: 20, sweepMs: 20, liveness: true } });
let bridge: RunningBridge;

/** Resolves when the hub's reports satisfy `test`. */
function reported(test: (reports: BridgePortReport[]) => boolean): Promise<BridgePortReport[]> {
  return new Promise((resolve) => {
    const check = () => {
      if (!test(link.hub.reports())) return false;
      stop();
      resolve(link.hub.reports());
      return true;
    };
    const stop = link.hub.onChange.on(check);
    check();
  });
}

function linked(): Promise<void> {
  return new Promise((resolve) => {
    if (link.hub.link) return resolve();
    const stop = link.hub.onLink.on((l) => l && (stop(), resolve()));
  });
}

/** The next value a game script would read from a port, waiting for a write like a game script does. */
async function nextItem(port: number): Promise<unknown> {
  const h = engine.ns.getPortHandle(port);
  while (h.empty()) await h.nextWrite();
  return h.read();
}

before(async () => {
  await link.server.start();
  link.hub.setWatch(Array.from({ length: 20 }, (_, i) => i + 1), []);
  bridge = await runBridge(engine, { url: link.bridgeUrl(), token, liveness: true });
  await linked();
});
after(async () => {
  bridge.game.kill();
  await bridge.ended;
  await link.stop();
});

/** What the game's static check charges a script: its total and each name with its cost. */
function charges(script: string): { ram: number; entries: { name: string; cost: number }[] } {
  const result = calculateRam(script);
  assert.ok(result.ok, 'the game can size the bridge');
  return { ram: result.ram, entries: result.entries.map((e) => ({ name: e.name, cost: e.cost })) };
}

describe('in-game bridge: RAM', () => {
  it('costs exactly 1.6 GB as pushed by default (the base cost of any script), 1.7 GB with dead-owner checks', async () => {
    const server = new GameLink({ server: { port: 0 }, bridge: { token } });
    const port = await server.server.start();
    const connected = new Promise<void>((done) => server.server.onGame.on(done));
    const game = await new TestGame({ url: `ws://127.0.0.1:${port}` }).connect();
    await connected;
    const base = { name: 'baseCost', cost: 1.6 };
    assert.equal(await server.installBridge(bridgeSource(), 'home', false), 1.6);
    assert.deepEqual(charges(game.file('bbports-bridge.js')!), { ram: 1.6, entries: [base] });
    assert.deepEqual(JSON.parse(game.file('bbports-bridge.json')!), { url: server.bridgeUrl(), token });
    assert.equal(await server.installBridge(bridgeSource(), 'home', true), 1.7);
    assert.deepEqual(charges(game.file('bbports-bridge.js')!), { ram: 1.7, entries: [base, { name: 'isRunning', cost: 0.1 }] });
    await server.stop();
  });
});

describe('in-game bridge: watched ports', () => {
  it('a write by a game script reaches the tool with the front item, empty/full and the writes noticed', async () => {
    engine.ns.writePort(3, { type: 'hack', target: 'n00dles' });
    const [port3] = (await reported((r) => r.some((p) => p.port === 3 && !p.empty))).filter((p) => p.port === 3);
    assert.deepEqual(port3, { port: 3, empty: false, full: false, writes: 1, front: { type: 'hack', target: 'n00dles' } });
    engine.ns.readPort(3);
    await reported((r) => r.some((p) => p.port === 3 && p.empty));
  });

  it('reports a full port, and never reads from a port it only watches', async () => {
    for (let i = 0; i < 50; i++) engine.ns.writePort(4, i);
    await reported((r) => r.some((p) => p.port === 4 && p.full && p.front === 0));
    assert.equal(engine.size(4), 50);
    engine.ns.clearPort(4);
    await reported((r) => r.some((p) => p.port === 4 && p.empty));
  });

  it('deep view drains and restores a port to show every item, keeping order', async () => {
    link.hub.setWatch([...link.hub.watched().watch, 21], [21]);
    for (const v of ['a', 'b', 'c']) engine.ns.writePort(21, v);
    const [port21] = (await reported((r) => r.some((p) => p.port === 21 && p.items?.length === 3))).filter((p) => p.port === 21);
    assert.deepEqual(port21!.items, ['a', 'b', 'c']);
    assert.deepEqual(engine.snapshot().find((s) => s.port === 21)!.items, ['a', 'b', 'c']);
    engine.ns.writePort(21, 'd');
    await reported((r) => r.some((p) => p.port === 21 && p.items?.length === 4));
    assert.deepEqual(engine.snapshot().find((s) => s.port === 21)!.items, ['a', 'b', 'c', 'd'], 'a write behind an unchanged front is seen, order kept');
    engine.ns.clearPort(21);
    link.hub.setWatch(link.hub.watched().watch.filter((p) => p !== 21), []);
  });
});

describe('in-game bridge: commands on game ports', () => {
  it('carries out write, tryWrite, peek, read and clear', async () => {
    assert.equal(await link.hub.command('write', 5, { n: 1 }), null);
    assert.equal(await link.hub.command('tryWrite', 5, 'two'), true);
    assert.deepEqual(await link.hub.command('peek', 5), { n: 1 });
    assert.deepEqual(await link.hub.command('read', 5), { n: 1 });
    assert.equal(engine.ns.peek(5), 'two');
    await link.hub.command('clear', 5);
    assert.equal(engine.ns.readPort(5), NULL_PORT_DATA);
    await assert.rejects(link.hub.command('write', 0, 'x'), /portNumber must be a positive integer, was 0/);
  });

  it('delivers 10,000 messages through a capacity-50 port to a game consumer, none lost, in order', async () => {
    const values = Array.from({ length: 10_000 }, (_, i) => i);
    const consumer = (async () => {
      const got: unknown[] = [];
      while (got.length < values.length) got.push(await nextItem(30));
      return got;
    })();
    for (let i = 0; i < values.length; i += 1000) await link.hub.send(30, values.slice(i, i + 1000));
    assert.deepEqual(await consumer, values);
    assert.deepEqual(bridge.game.violations, []);
  });

  it('consumes a port for the tool: every item a game script writes arrives in order', async () => {
    const got: unknown[] = [];
    const all = new Promise<void>((done) => {
      const stop = link.hub.onItems.on(({ port, items }) => {
        if (port !== 31) return;
        got.push(...items);
        if (got.length === 40) (stop(), done());
      });
    });
    await link.hub.consume(31, true);
    for (let i = 0; i < 40; i++) engine.ns.writePort(31, `m${i}`);
    await all;
    assert.deepEqual(got, Array.from({ length: 40 }, (_, i) => `m${i}`));
    await link.hub.consume(31, false);
  });
});

describe('in-game bridge: the registry in the game', () => {
  it('keeps FreePorts topped up and answers seed-001 reserve and status requests on the response port', async () => {
    bridge.game.livePids.add(42); // alive, so the dead-owner sweep keeps its port
    const port = (await nextItem(1001)) as number;
    assert.ok(port >= 1024, `a free port from the registry, got ${port}`);
    engine.ns.writePort(1000, { type: 'reserve', port, hostname: 'home', pid: 42, responsePort: port });
    assert.deepEqual(await nextItem(port), { type: 'reserve', service: 'PortRegistry', ok: true, result: port });
    assert.deepEqual(registry.holder(port)?.owner, { kind: 'script', hostname: 'home', pid: 42 });
    engine.ns.writePort(1000, { type: 'status', responsePort: port });
    const status = (await nextItem(port)) as { reserved: unknown[] };
    assert.deepEqual(status.reserved, [{ port, hostname: 'home', pid: 42 }]);
    engine.ns.writePort(1000, { type: 'reserve', port, hostname: 'home', pid: 43, responsePort: port });
    const refused = (await nextItem(port)) as { ok: boolean; error: string };
    assert.equal(refused.ok, false);
    assert.match(refused.error, /already reserved by script pid 42 on home/);
  });

  it('frees the ports of game scripts that have ended (ns.isRunning)', async () => {
    const port = (await nextItem(1001)) as number;
    bridge.game.livePids.add(77);
    engine.ns.writePort(1000, { type: 'reserve', port, hostname: 'home', pid: 77, responsePort: port });
    await nextItem(port);
    const freed = new Promise<void>((done) => {
      const stop = registry.onChange(() => !registry.holder(port) && (stop(), done()));
    });
    bridge.game.livePids.delete(77);
    await freed;
    assert.equal(registry.holder(port), undefined);
  });
});

describe('in-game bridge: survival', () => {
  it('survives 2,000 commands at once under the game\'s concurrency rule (its socket callbacks never call ns)', async () => {
    await Promise.all(Array.from({ length: 2000 }, (_, i) => link.hub.command('write', 12, i)));
    assert.deepEqual(bridge.game.violations, []);
    engine.ns.clearPort(12);
  });

  it('the trap is real here: a naive script calling ns from a callback during ns.sleep is killed', async () => {
    const naive = new InGameNs(engine, {}, 99);
    const main = await loadGameScript(`export async function main(ns) {
      setTimeout(() => { try { ns.writePort(13, 'from a callback'); } catch {} }, 1);
      await ns.sleep(20);
    }`);
    await assert.rejects(main(naive.ns), /ScriptDeath/);
    assert.deepEqual(naive.violations, ['writePort']);
  });

  it('ignores and logs bad messages and keeps serving', async () => {
    const wss = new WebSocketServer({ port: 0, host: '127.0.0.1' });
    await new Promise((r) => wss.once('listening', r));
    const url = `ws://127.0.0.1:${(wss.address() as { port: number }).port}`;
    const tool = new Promise<WebSocket>((resolve) => wss.once('connection', resolve));
    const other = await runBridge(engine, { url, token, liveness: false }, 8);
    const socket = await tool;
    const hello = await new Promise<string>((r) => socket.once('message', (d) => r(d.toString())));
    assert.equal(JSON.parse(hello).token, token);
    socket.send('{not json');
    socket.send(JSON.stringify({ t: 'nonsense' }));
    socket.send(JSON.stringify([1, 2]));
    socket.send(JSON.stringify({ t: 'welcome', watch: [], deep: [], requestPort: 0, freePortsPort: 0, fill: 0, spare: 0, pollMs: 20 }));
    socket.send(JSON.stringify({ t: 'cmd', id: 1, op: 'explode', port: 14 }));
    socket.send(JSON.stringify({ t: 'cmd', id: 2, op: 'write', port: 14, value: 'still here' }));
    const replies: { id: number; ok: boolean; error?: string }[] = [];
    await new Promise<void>((done) =>
      socket.on('message', (d) => {
        const m = JSON.parse(d.toString());
        if (m.t === 'reply') replies.push(m);
        if (replies.length === 2) done();
      }),
    );
    assert.deepEqual(replies, [
      { t: 'reply', id: 1, ok: false, error: 'unknown op "explode"' },
      { t: 'reply', id: 2, ok: true, result: null },
    ]);
    assert.equal(engine.ns.readPort(14), 'still here');
    assert.ok(other.game.logs.some((l) => l.includes('not JSON')));
    assert.ok(other.game.logs.some((l) => l.includes('unknown kind "nonsense"')));
    other.game.kill();
    await other.ended;
    wss.close();
  });

  it('refuses a socket that does not present the token', async () => {
    const socket = new WebSocket(link.bridgeUrl(), { origin: 'https://bitburner-official.github.io' });
    await new Promise((r) => socket.once('open', r));
    const closed = new Promise<number>((r) => socket.once('close', (code) => r(code)));
    socket.send(JSON.stringify({ t: 'hello', token: 'guess', pid: 1, protocol: 2 }));
    assert.equal(await closed, 4003);
    assert.equal(link.hub.link?.pid, 7, 'the real bridge stays linked');
  });

  it('reconnects after the tool goes away and comes back, and the tool sees the ports again', async () => {
    const port = link.server.status.port!;
    const gone = new Promise<void>((done) => {
      const stop = link.hub.onLink.on((l) => !l && (stop(), done()));
    });
    await link.server.stop();
    await gone;
    engine.ns.writePort(6, 'while away');
    const again = new GameLink({ server: { port }, bridge: { token } });
    again.hub.setWatch([6], []);
    await again.server.start();
    await new Promise<void>((done) => {
      const stop = again.hub.onChange.on(() => again.hub.reports().some((r) => r.port === 6 && r.front === 'while away') && (stop(), done()));
    });
    engine.ns.readPort(6);
    await again.stop();
  });
});
