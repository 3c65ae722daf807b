import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardModel } from '../../../core/dashboard/model';
import type { TrafficEvent } from '../../../core/dashboard/protocol';
import { TrafficAggregator } from '../../../core/dashboard/traffic';

const T0 = 1_700_000_000_000;

describe('dashboard model (the webview side)', () => {
  it('ends up with what a fresh state says, however the deltas were cut', () => {
    const a = new TrafficAggregator();
    a.setSource({ id: 'engine', label: 'Embedded engine', capacity: 5 });
    const model = new DashboardModel();
    model.reset(a.takeState(T0));
    let t = T0;
    for (let i = 0; i < 300; i++) {
      t += 37;
      const e: TrafficEvent = { t, source: 'engine', port: 1 + (i % 3), kind: i % 4 === 3 ? 'read' : 'write', size: i % 6, actor: `w${i % 2}` };
      a.apply(e);
      if (i % 7 === 0) {
        const delta = a.takeDelta(t);
        if (delta) model.apply(delta);
      }
    }
    model.apply(a.takeDelta(t)!);
    const fresh = new DashboardModel();
    fresh.reset(a.takeState(t));
    assert.deepEqual([...model.ports.values()], [...fresh.ports.values()]);
    assert.deepEqual([...model.edges.values()], [...fresh.edges.values()]);
    assert.deepEqual([...model.actors.keys()].sort(), [...fresh.actors.keys()].sort());
  });

  it('re-lays out only when a node or an edge appears, and flags ports with new evictions', () => {
    const a = new TrafficAggregator();
    a.setSource({ id: 'engine', label: 'Embedded engine', capacity: 1 });
    const model = new DashboardModel();
    model.reset(a.takeState(T0));
    const before = model.topology;
    a.apply({ t: T0, source: 'engine', port: 1, kind: 'write', size: 1, actor: 'w' });
    model.apply(a.takeDelta(T0)!);
    assert.equal(model.topology, before + 1);
    a.apply({ t: T0 + 1, source: 'engine', port: 1, kind: 'write', size: 2, actor: 'w' });
    a.apply({ t: T0 + 1, source: 'engine', port: 1, kind: 'evict', size: 1, actor: 'w' });
    model.apply(a.takeDelta(T0 + 1)!);
    assert.equal(model.topology, before + 1, 'same nodes, same layout');
    assert.deepEqual([...model.evicted], ['port:engine:1']);
  });
});
