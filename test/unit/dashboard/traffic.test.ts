import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { TrafficEvent } from '../../../core/dashboard/protocol';
import { RateMeter } from '../../../core/dashboard/rate';
import { TrafficAggregator } from '../../../core/dashboard/traffic';

const T0 = 1_700_000_000_000;
const engine = { id: 'engine', label: 'Embedded engine', capacity: 3 };

function aggregator(): TrafficAggregator {
  const a = new TrafficAggregator();
  a.setSource(engine);
  return a;
}

function event(t: number, kind: TrafficEvent['kind'], port: number, size: number, actor?: string, extra: Partial<TrafficEvent> = {}): TrafficEvent {
  return { t, source: 'engine', port, kind, size, ...(actor ? { actor } : {}), ...extra };
}

describe('rate meter', () => {
  it('reports steady traffic as events per second over its window', () => {
    const meter = new RateMeter();
    for (let t = 0; t < 10_000; t += 10) meter.add(T0 + t);
    assert.equal(meter.rate(T0 + 10_000), 100);
  });

  it('falls to 0 once the traffic has been quiet for the whole window', () => {
    const meter = new RateMeter();
    for (let t = 0; t < 1000; t += 10) meter.add(T0 + t);
    assert.ok(meter.rate(T0 + 1000) > 0);
    assert.equal(meter.rate(T0 + 60_000), 0);
    assert.equal(meter.active, false);
  });
});

describe('traffic aggregation', () => {
  it('makes a writer -> port -> reader flow with counts and rates', () => {
    const a = aggregator();
    for (let i = 0; i < 50; i++) a.apply(event(T0 + i * 100, 'write', 1, 1, 'planner'));
    for (let i = 0; i < 50; i++) a.apply(event(T0 + i * 100 + 50, 'read', 1, 0, 'worker'));
    const state = a.takeState(T0 + 5000);
    assert.deepEqual(state.actors.map((x) => x.id).sort(), ['actor:planner', 'actor:worker']);
    const edges = Object.fromEntries(state.edges.map((e) => [e.id, [e.role, e.count, e.rate]]));
    assert.deepEqual(edges, { 'actor:planner->port:engine:1': ['write', 50, 10], 'port:engine:1->actor:worker': ['read', 50, 10] });
    const [port] = state.ports;
    assert.equal(port?.writes, 50);
    assert.equal(port?.reads, 50);
    assert.equal(port?.writeRate, 10);
  });

  it('counts evictions and clears, and marks them per second on the depth series', () => {
    const a = aggregator();
    for (let i = 0; i < 3; i++) a.apply(event(T0 + i, 'write', 2, i + 1, 'p'));
    a.apply(event(T0 + 10, 'write', 2, 4, 'p'));
    a.apply(event(T0 + 10, 'evict', 2, 3, 'p'));
    a.apply(event(T0 + 20, 'write', 2, 4, 'p'));
    a.apply(event(T0 + 20, 'evict', 2, 3, 'p'));
    a.apply(event(T0 + 1500, 'clear', 2, 0, 'vscode', { cleared: 3 }));
    const port = a.takeState(T0 + 2000).ports[0]!;
    assert.equal(port.evictions, 2);
    assert.equal(port.clears, 1);
    assert.deepEqual(port.marks, [
      [T0, 'evict', 2],
      [T0 + 1000, 'clear', 3],
    ]);
    // second 0 peaked at 4 and ended at 3; second 1 ended empty
    assert.deepEqual(port.depth, [
      [T0, 4, 3],
      [T0 + 1000, 3, 0],
    ]);
  });

  it('sends in a delta only what changed since the last message', () => {
    const a = aggregator();
    a.apply(event(T0, 'write', 1, 1, 'p'));
    a.apply(event(T0, 'write', 2, 1, 'p'));
    a.takeState(T0 + 100);
    assert.equal(a.takeDelta(T0 + 100), undefined, 'nothing new, nothing sent');
    a.apply(event(T0 + 200, 'write', 2, 2, 'p', { value: '"x"' }));
    const delta = a.takeDelta(T0 + 300)!;
    assert.deepEqual(delta.ports.map((p) => p.id), ['port:engine:2']);
    assert.deepEqual(delta.ports[0]!.depth, [[T0, 2, 2]]);
    assert.deepEqual(delta.ports[0]!.recent.map((e) => e.value), ['"x"']);
    assert.deepEqual(delta.edges.map((e) => [e.id, e.count]), [['actor:p->port:engine:2', 2]]);
    assert.deepEqual(delta.actors, [], 'the actor was sent already');
  });

  it('keeps sending deltas while rates decay after the traffic stops', () => {
    const a = aggregator();
    for (let i = 0; i < 20; i++) a.apply(event(T0 + i * 50, 'write', 1, 1, 'p'));
    a.takeState(T0 + 1000);
    assert.equal(a.moving, true);
    const later = a.takeDelta(T0 + 20_000)!;
    assert.deepEqual(later.edges.map((e) => e.rate), [0]);
    assert.equal(a.moving, false);
  });

  it('drops depth points older than the window, keeping the one the line starts from', () => {
    const a = new TrafficAggregator(10_000);
    a.setSource(engine);
    for (let s = 0; s < 30; s++) a.apply(event(T0 + s * 1000, 'write', 1, 1, 'p'));
    const depth = a.takeState(T0 + 30_000).ports[0]!.depth;
    assert.equal(depth[0]![0], T0 + 20_000);
    assert.equal(depth.length, 10);
  });

  it('names events without an actor "(untagged)"', () => {
    const a = aggregator();
    a.apply(event(T0, 'write', 5, 1));
    assert.deepEqual(a.takeState(T0).actors.map((x) => [x.id, x.label]), [['actor:(untagged)', '(untagged)']]);
  });

  it('turns snapshots of a source without events into events, evictions included', () => {
    const a = aggregator();
    a.setSource({ id: 'game', label: 'Game', capacity: 50 });
    const state = (port: number, items: unknown[], evicted: unknown[] = []) => ({ port, capacity: 50, items, complete: true, full: false, evicted });
    assert.deepEqual(a.observe('game', [state(4, [1, 2])], T0).map((e) => `${e.kind} ${e.port} ${e.size}`), ['write 4 2']);
    assert.deepEqual(a.observe('game', [state(4, [2, 3], ['x'])], T0 + 100).map((e) => `${e.kind} ${e.port} ${e.size}`), ['evict 4 2']);
    assert.deepEqual(a.observe('game', [], T0 + 200).map((e) => `${e.kind} ${e.port} ${e.size}`), ['read 4 0']);
    const front = { ...state(5, ['front']), complete: false, full: true };
    assert.deepEqual(a.observe('game', [front], T0 + 250).map((e) => `${e.kind} ${e.port} ${e.size}`), ['write 5 50'], 'a full port seen by its front item is full');
    const port = a.takeState(T0 + 300).ports.find((p) => p.id === 'port:game:4')!;
    assert.equal(port.evictions, 1);
    assert.equal(port.size, 0);
  });

  it('shows scripts from the port map as nodes with edges from code before any traffic', () => {
    const a = aggregator();
    a.setPortMap([
      { port: 7, messageTypes: [], uses: [{ role: 'writer', file: '/ws/batcher.ts', line: 3, column: 1 }, { role: 'consumer', file: '/ws/hack.ts', line: 9, column: 5 }, { role: 'peeker', file: '/ws/watch.ts', line: 1, column: 1 }] },
    ]);
    const state = a.takeState(T0);
    assert.deepEqual(state.actors.map((x) => [x.id, x.label]), [['script:/ws/batcher.ts', 'batcher.ts'], ['script:/ws/hack.ts', 'hack.ts']]);
    assert.deepEqual(state.edges.map((e) => [e.id, e.fromCode]), [['script:/ws/batcher.ts->port:engine:7', true], ['port:engine:7->script:/ws/hack.ts', true]]);
    assert.deepEqual(state.ports.map((p) => [p.id, p.size]), [['port:engine:7', 0]]);
  });

  it('shows a known external process with edges to its declared ports, an empty port it waits on included', () => {
    const a = aggregator();
    // The planner wrote port 21 before anyone watched: only its item is there, no event names it.
    a.seed('engine', 21, 1, T0);
    const planner = { tag: 'planner', running: true, spec: { name: 'planner', inputPort: 20, outputPort: 21, target: 'engine' as const } };
    a.setProcesses([planner, { tag: 'scout', running: false, spec: { name: 'scout', inputPort: undefined, outputPort: 5, target: 'game' as const } }]);
    const state = a.takeState(T0);
    assert.deepEqual(state.actors.map((x) => [x.id, x.kind, x.detail]), [
      ['actor:planner', 'process', 'external process "planner", running; reads port 20, writes port 21 (engine)'],
      ['actor:scout', 'process', 'external process "scout", not running; writes port 5 (game)'],
    ]);
    assert.deepEqual(state.edges.map((e) => [e.id, e.fromCode]).sort(), [['actor:planner->port:engine:21', true], ['port:engine:20->actor:planner', true]]);
    assert.deepEqual(state.ports.map((p) => [p.id, p.size]), [['port:engine:21', 1], ['port:engine:20', 0]], 'port 20 shows though it is empty; no game port without a game');

    // Its traffic lands on the same node and edge, which stops being "declared" only.
    a.apply(event(T0 + 10, 'write', 21, 2, 'planner'));
    const delta = a.takeDelta(T0 + 20)!;
    assert.deepEqual(delta.actors, []);
    assert.deepEqual(delta.edges.map((e) => [e.id, e.fromCode, e.count]), [['actor:planner->port:engine:21', false, 1]]);
  });

  it('turns an actor first seen in events into the process it is, once the process manager tells', () => {
    const a = aggregator();
    a.apply(event(T0, 'write', 21, 1, 'planner'));
    assert.deepEqual(a.takeState(T0).actors.map((x) => [x.id, x.kind]), [['actor:planner', 'actor']]);
    a.setProcesses([{ tag: 'planner', running: true, spec: { name: 'Planner', inputPort: undefined, outputPort: 21, target: 'engine' } }]);
    assert.deepEqual(a.takeDelta(T0 + 10)?.actors.map((x) => [x.id, x.kind, x.label]), [['actor:planner', 'process', 'Planner']]);
    assert.equal(a.takeDelta(T0 + 20), undefined, 'told once');
  });
});
