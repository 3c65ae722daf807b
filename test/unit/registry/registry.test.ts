import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { JsonFileStore, PortRegistry, type PortOwner } from '../../../core/registry';

const planner: PortOwner = { kind: 'process', tag: 'planner' };
const worker: PortOwner = { kind: 'script', hostname: 'home', pid: 42 };

function tempFile(): string {
  return join(mkdtempSync(join(tmpdir(), 'bbports-registry-')), 'registry.json');
}

describe('PortRegistry: allocation', () => {
  it('issues ports from 1024 up, lowest first, and reuses freed ones lowest first', () => {
    const registry = new PortRegistry();
    assert.deepEqual([registry.allocate(planner), registry.allocate(planner), registry.allocate(worker)], [1024, 1025, 1026]);
    registry.release(1025, planner);
    registry.release(1024, planner);
    assert.equal(registry.allocate(worker), 1024);
    assert.equal(registry.allocate(worker), 1025);
    assert.equal(registry.allocate(worker), 1027);
  });
  it('honours a configured first port', () => {
    assert.equal(new PortRegistry({ firstPort: 100 }).allocate(planner), 100);
  });
  it('empties a port when it issues it, so no stale message reaches the new holder', () => {
    const engine = new PortEngine();
    engine.ns.writePort(1024, 'stale');
    const registry = new PortRegistry({ clearPort: (p) => engine.clear(p) });
    assert.equal(registry.allocate(planner), 1024);
    assert.equal(engine.empty(1024), true);
  });
  it('skips ports reserved out of band', () => {
    const registry = new PortRegistry();
    registry.reserve(1024, worker);
    assert.equal(registry.allocate(planner), 1025);
  });
});

describe('PortRegistry: reservations', () => {
  it('refuses a second owner with an error naming the holder; the first keeps the port', () => {
    const registry = new PortRegistry();
    registry.reserve(2000, worker);
    assert.throws(() => registry.reserve(2000, planner), { message: 'Port 2000 is already reserved by script pid 42 on home; release it there first or take another port.' });
    assert.deepEqual(registry.holder(2000)?.owner, worker);
    registry.reserve(2000, worker);
  });
  it('releases synchronously, only by the holder', () => {
    const registry = new PortRegistry();
    const port = registry.allocate(planner);
    assert.throws(() => registry.release(port, worker), /reserved by process "planner", not by script pid 42 on home/);
    assert.throws(() => registry.release(9999, worker), /Port 9999 is not reserved/);
    registry.release(port, planner);
    assert.equal(registry.holder(port), undefined);
  });
  it('validates port numbers with the game texts', () => {
    assert.throws(() => new PortRegistry().reserve(0, planner), { message: 'reserve: portNumber must be a positive integer, was 0' });
  });
  it('reports status: reservations with owners, and the free pool', () => {
    const registry = new PortRegistry({ now: () => 5 });
    registry.allocate(planner);
    registry.allocate(worker);
    registry.release(1024, planner);
    assert.deepEqual(registry.status(), { reserved: [{ port: 1025, owner: worker, since: 5 }], free: [1024], freeHigh: 1026, offered: [] });
  });
});

describe('PortRegistry: offers for an in-game FreePorts queue', () => {
  it('keeps offered ports out of the pool until reserved, and withdraws the rest', () => {
    const registry = new PortRegistry();
    assert.deepEqual(registry.offer(3), [1024, 1025, 1026]);
    assert.equal(registry.allocate(planner), 1027);
    registry.reserve(1025, worker);
    registry.withdrawOffers();
    assert.equal(registry.allocate(planner), 1024);
    assert.equal(registry.allocate(planner), 1026);
  });
});

describe('PortRegistry: dead owners', () => {
  it('frees and empties the ports of owners the liveness check says are dead; unchecked kinds stay', async () => {
    const engine = new PortEngine();
    const registry = new PortRegistry({ clearPort: (p) => engine.clear(p) });
    const alive = { kind: 'script', hostname: 'home', pid: 7 } as const;
    const deadPort = registry.allocate(worker);
    const livePort = registry.allocate(alive);
    const procPort = registry.allocate(planner);
    engine.ns.writePort(deadPort, 'left over');
    registry.setLiveness('script', async (owner) => owner.kind === 'script' && owner.pid === 7);
    assert.deepEqual(await registry.sweep(), [deadPort]);
    assert.equal(engine.empty(deadPort), true);
    assert.deepEqual(registry.status().reserved.map((r) => r.port), [livePort, procPort]);
    assert.deepEqual(registry.releaseOwner(planner), [procPort]);
  });
});

describe('PortRegistry: requests and answers', () => {
  it('answers every request with its id', () => {
    const registry = new PortRegistry();
    assert.deepEqual(registry.handle({ id: 'a1', type: 'allocate', owner: { tag: 'x' } }), { id: 'a1', ok: true, result: 1024 });
    assert.deepEqual(registry.handle({ id: 2, type: 'reserve', port: 1024, owner: { hostname: 'home', pid: 3 } }), {
      id: 2,
      ok: false,
      error: 'Port 1024 is already reserved by process "x"; release it there first or take another port.',
    });
    assert.deepEqual(registry.handle({ id: 3, type: 'release', port: 1024, owner: { tag: 'x' } }), { id: 3, ok: true, result: 1024 });
    assert.equal((registry.handle({ id: 4, type: 'status' }) as { id: number }).id, 4);
    assert.deepEqual(registry.handle({ id: 5, type: 'reserve', port: 3 }), { id: 5, ok: false, error: 'an owner must be {hostname, pid} or {tag}' });
    assert.deepEqual(registry.handle({ id: 6, type: 'steal', owner: { tag: 'x' } }), { id: 6, ok: false, error: 'unknown request type "steal"; expected allocate, reserve, release or status' });
    assert.deepEqual(registry.handle('nonsense'), { id: null, ok: false, error: 'an owner must be {hostname, pid} or {tag}' });
  });
});

describe('PortRegistry: persistence', () => {
  it('survives a restart: reservations, freed ports and the high-water mark', () => {
    const path = tempFile();
    const first = new PortRegistry({ store: new JsonFileStore(path) });
    first.allocate(planner);
    first.allocate(worker);
    first.allocate(planner);
    first.release(1024, planner);
    const second = new PortRegistry({ store: new JsonFileStore(path) });
    assert.deepEqual(second.status().reserved.map((r) => [r.port, r.owner]), [[1025, worker], [1026, planner]]);
    assert.equal(second.allocate(worker), 1024);
    assert.equal(second.allocate(worker), 1027);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).version, 1);
  });
  it('moves a corrupt file aside with a clear message, starts empty, and loses nothing', () => {
    for (const content of ['{not json', JSON.stringify({ version: 99, next: 1024, free: [], reservations: [] }), JSON.stringify({ version: 1, next: 1024, free: {}, reservations: [] })]) {
      const path = tempFile();
      writeFileSync(path, content);
      const warnings: string[] = [];
      const registry = new PortRegistry({ store: new JsonFileStore(path, (m) => warnings.push(m)) });
      assert.equal(registry.status().reserved.length, 0);
      assert.equal(warnings.length, 1);
      assert.match(warnings[0]!, /could not be used: .*It was moved to .*\.corrupt-\d+ and the registry starts empty/);
      const aside = readdirSync(join(path, '..')).find((f) => f.includes('.corrupt-'))!;
      assert.equal(readFileSync(join(path, '..', aside), 'utf8'), content);
      assert.equal(existsSync(path), false);
      registry.allocate(planner);
      assert.equal(existsSync(path), true);
    }
  });
});
