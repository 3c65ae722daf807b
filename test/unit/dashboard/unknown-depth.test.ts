import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { depthText } from '../../../core/dashboard/protocol';
import { TrafficAggregator } from '../../../core/dashboard/traffic';
import type { PortState } from '../../../core/port-view/source';

const front = (writes: number, frontChanges = 0, item: unknown = 'a'): PortState => ({ port: 4, capacity: 50, items: [item], complete: false, full: false, evicted: [], seen: { writes, frontChanges } });

describe('dashboard: a game port seen without deep view', () => {
  it('marks the depth unknown, counts the writes the bridge noticed, and knows the capacity of a source that started empty', () => {
    const a = new TrafficAggregator();
    a.setSource({ id: 'game', label: 'Game', capacity: 0 });
    a.observe('game', [front(1)], 1000);
    a.observe('game', [front(30)], 2000);
    const p = a.takeState(3000).ports[0]!;
    assert.equal(p.depthUnknown, true);
    assert.equal(depthText(p), '≥1/50');
    assert.equal(p.writes, 30);
    assert.equal(p.reads, 0, 'a queue that only grows shows no reads');
  });

  it('counts a front change as a read, and a port seen whole or full as a known depth', () => {
    const a = new TrafficAggregator();
    a.observe('game', [front(2)], 1000);
    a.observe('game', [front(2, 1, 'b')], 2000);
    assert.equal(a.takeState(2000).ports[0]!.reads, 1);
    a.observe('game', [{ ...front(2, 1, 'b'), items: ['b', 'c'], complete: true }], 3000);
    const p = a.takeState(3000).ports[0]!;
    assert.equal(p.depthUnknown, false);
    assert.equal(depthText(p), '2/50');
  });
});
