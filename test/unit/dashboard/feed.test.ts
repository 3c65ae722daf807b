import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardFeed, toJsonSafe, type DashboardHost, type FeedOptions } from '../../../core/dashboard/feed';
import type { ToWebview } from '../../../core/dashboard/protocol';
import type { Recording } from '../../../core/dashboard/recording';
import { PortEngine } from '../../../core/engine/engine';
import { EngineSource } from '../../../core/port-view/engine-source';
import type { KnownProcess } from '../../../core/port-view/process-map';

/** A feed on a real engine, with the messages it posts and a way to wait for the next one of a kind. */
function setup(options: Omit<FeedOptions, 'post'> = {}) {
  const engine = new PortEngine({ capacity: 3 });
  const source = new EngineSource(engine);
  const posted: ToWebview[] = [];
  let waiters: ((m: ToWebview) => void)[] = [];
  const feed = new DashboardFeed([source], {
    ...options,
    post: (m) => {
      posted.push(m);
      for (const w of waiters) w(m);
    },
  });
  const next = <T extends ToWebview['type']>(type: T) =>
    new Promise<Extract<ToWebview, { type: T }>>((resolve) => {
      const w = (m: ToWebview) => {
        if (m.type !== type) return;
        waiters = waiters.filter((x) => x !== w);
        resolve(m as Extract<ToWebview, { type: T }>);
      };
      waiters.push(w);
    });
  const saved: Recording[] = [];
  const failed: string[] = [];
  const host: DashboardHost = {
    act: async (action, _source, port, value) => void (action === 'write' ? engine.write(port, value, 'dashboard') : action === 'read' ? engine.read(port) : engine.clear(port)),
    saveRecording: async (r) => void saved.push(r),
    openRecording: async () => ({ recording: saved[0]!, name: 'run.json' }),
    fail: (action, error) => void failed.push(`${action}: ${(error as Error).message}`),
  };
  return { engine, feed, posted, next, host, saved, failed };
}

describe('dashboard feed', () => {
  it('answers "ready" with the whole state, ports already there included', async () => {
    const { engine, feed, next, host } = setup();
    engine.write(4, 'early');
    const state = next('state');
    await feed.receive({ type: 'ready' }, host);
    assert.deepEqual((await state).state.ports.map((p) => [p.id, p.size]), [['port:engine:4', 1]]);
    feed.dispose();
  });

  it('draws the external processes the process manager knows, and follows their changes', async () => {
    const processes: KnownProcess[] = [{ tag: 'planner', running: true, spec: { name: 'planner', inputPort: 20, outputPort: 21, target: 'engine' } }];
    let changed = () => {};
    const { feed, next, host } = setup({ processes: () => ({ list: () => processes, onChange: (l) => ((changed = l), () => (changed = () => {})) }) });
    const state = next('state');
    await feed.receive({ type: 'ready' }, host);
    const s = (await state).state;
    assert.deepEqual(s.actors.map((a) => a.id), ['actor:planner']);
    assert.deepEqual(s.edges.map((e) => e.id).sort(), ['actor:planner->port:engine:21', 'port:engine:20->actor:planner']);
    processes.push({ tag: 'scout', running: false, spec: { name: 'scout', inputPort: undefined, outputPort: 22, target: 'engine' } });
    const delta = next('delta');
    changed();
    assert.deepEqual((await delta).delta.edges.map((e) => e.id), ['actor:scout->port:engine:22']);
    feed.dispose();
  });

  it('batches a burst of a thousand events into one message', async () => {
    const { engine, feed, posted, next } = setup();
    const delta = next('delta');
    const ns = engine.nsFor('flood');
    for (let i = 0; i < 1000; i++) ns.writePort(1 + (i % 10), i);
    const { delta: d } = await delta;
    assert.equal(posted.filter((m) => m.type === 'delta').length, 1);
    assert.equal(d.ports.length, 10);
    assert.equal(d.ports.reduce((n, p) => n + p.writes, 0), 1000);
    assert.equal(d.ports[0]!.evictions, 97);
    feed.dispose();
  });

  it('acts on ports through the host, and sends the inspected port\'s items after', async () => {
    const { engine, feed, next, host } = setup();
    await feed.receive({ type: 'inspect', id: 'port:engine:2' }, host);
    const items = next('items');
    await feed.receive({ type: 'act', action: 'write', source: 'engine', port: 2, value: { type: 'hack', big: 10n } }, host);
    assert.deepEqual((await items).items, [{ type: 'hack', big: '10n' }]);
    assert.equal(engine.size(2), 1);
    feed.dispose();
  });

  it('records events between start and stop, hands the recording to the host, and sends it back to replay', async () => {
    const { engine, feed, host, saved, next } = setup();
    engine.write(1, 'before');
    await feed.receive({ type: 'record', on: true }, host);
    engine.nsFor('a').writePort(1, 'x');
    engine.nsFor('b').readPort(1);
    await feed.receive({ type: 'record', on: false }, host);
    engine.write(1, 'after');
    assert.equal(saved.length, 1);
    assert.deepEqual(saved[0]!.initial, [{ source: 'engine', port: 1, size: 1 }]);
    assert.deepEqual(saved[0]!.events.map((e) => `${e.kind} ${e.actor} ${e.value}`), ['write a "x"', 'read b "before"']);
    const replay = next('replay');
    await feed.receive({ type: 'openRecording' }, host);
    assert.equal((await replay).recording, saved[0]);
    feed.dispose();
  });

  it('reports a bad message to the user and to the webview, and goes on', async () => {
    const { feed, host, failed, next } = setup();
    const error = next('error');
    await feed.receive({ type: 'act', action: 'explode' }, host);
    assert.match((await error).message, /^Dashboard message failed: dashboard "act" needs "action"/);
    assert.equal(failed.length, 1);
    feed.dispose();
  });

  it('spells out what JSON cannot carry', () => {
    assert.deepEqual(toJsonSafe(new Map([['a', 1]])), { Map: [['a', 1]] });
    assert.deepEqual(toJsonSafe({ s: new Set([1]), n: 5n }), { s: { Set: [1] }, n: '5n' });
    assert.equal(toJsonSafe(undefined), 'undefined');
  });
});
