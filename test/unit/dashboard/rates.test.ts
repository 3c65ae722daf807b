import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardFeed } from '../../../core/dashboard/feed';
import type { DashboardState, ToWebview } from '../../../core/dashboard/protocol';
import { PortEngine } from '../../../core/engine/engine';
import { EngineSource } from '../../../core/port-view/engine-source';
import { TotalsRates } from '../../../core/port-view/rates';

/** Steady traffic on port 2 for `seconds`, sampled every half second as the source's timer would: 20 writes/s, 12 reads/s. */
function traffic(engine: PortEngine, rates: TotalsRates, seconds: number, start = 0): number {
  let t = start;
  rates.sample(t);
  for (let step = 0; step < seconds * 2; step++) {
    for (let i = 0; i < 10; i++) engine.write(2, i, 'batcher');
    for (let i = 0; i < 6; i++) engine.read(2, 'worker');
    t += 500;
    rates.sample(t);
  }
  return t;
}

function stateOf(feed: DashboardFeed, posted: ToWebview[]): DashboardState {
  feed.sendState();
  const state = posted.find((m) => m.type === 'state');
  assert.ok(state?.type === 'state');
  return state.state;
}

describe('port rates: measured from the engine\'s totals, whoever looks', () => {
  it('samples the totals: the rate over the last five seconds, kept for emptied ports, falling to 0 when traffic stops', () => {
    const engine = new PortEngine({ capacity: 1000 });
    const rates = new TotalsRates(engine, { sampleEveryMs: 0 });
    assert.deepEqual(rates.of(2), { writes: 0, reads: 0 }, 'a port nothing happened to');
    let t = traffic(engine, rates, 8);
    assert.deepEqual(rates.of(2), { writes: 20, reads: 12 });
    engine.clear(2);
    rates.sample((t += 500));
    assert.deepEqual(rates.of(2), { writes: 18, reads: 10.8 }, 'the last half second had no traffic');
    for (let i = 0; i < 10; i++) rates.sample((t += 500));
    assert.deepEqual(rates.of(2), { writes: 0, reads: 0 });
  });

  it('tells its listeners when a rate changed, not on every sample', () => {
    const engine = new PortEngine();
    const rates = new TotalsRates(engine, { sampleEveryMs: 0 });
    let changes = 0;
    const stop = rates.onChange(() => changes++);
    rates.sample(0);
    rates.sample(500);
    assert.equal(changes, 0, 'nothing moved');
    engine.write(3, 'x');
    rates.sample(1000);
    assert.equal(changes, 1);
    stop();
    engine.write(3, 'y');
    rates.sample(1500);
    assert.equal(changes, 1, 'stopped listening');
  });

  it('a dashboard opened after the traffic shows the rates at once, the same as the Ports view', () => {
    const engine = new PortEngine({ capacity: 1000 });
    const source = new EngineSource(engine, 'vscode', { sampleEveryMs: 0 });
    traffic(engine, source.rates, 6);
    const posted: ToWebview[] = [];
    const feed = new DashboardFeed([source], { post: (m) => posted.push(m) });
    const port = stateOf(feed, posted).ports.find((p) => p.id === 'port:engine:2');
    assert.deepEqual(port && [port.writeRate, port.readRate], [20, 12]);
    const tree = source.ports().find((p) => p.port === 2);
    assert.deepEqual(tree?.rates, { writes: 20, reads: 12 }, 'the Ports view shows the same numbers');
    feed.dispose();
  });

  it('splits a port\'s measured rate among its writers by what the dashboard saw of each', () => {
    const engine = new PortEngine({ capacity: 1000 });
    const source = new EngineSource(engine, 'vscode', { sampleEveryMs: 0 });
    const posted: ToWebview[] = [];
    const feed = new DashboardFeed([source], { post: (m) => posted.push(m) });
    source.rates.sample(0);
    for (let i = 0; i < 30; i++) engine.write(2, i, i % 3 ? 'a' : 'b');
    source.rates.sample(500);
    const state = stateOf(feed, posted);
    const edges = Object.fromEntries(state.edges.map((e) => [e.id, e.rate]));
    assert.deepEqual(edges, { 'actor:a->port:engine:2': 40, 'actor:b->port:engine:2': 20 }, 'two thirds and one third of 60 writes/s');
    feed.dispose();
  });
});
