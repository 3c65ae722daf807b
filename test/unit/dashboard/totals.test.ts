import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { DashboardFeed } from '../../../core/dashboard/feed';
import type { PortView, ToWebview } from '../../../core/dashboard/protocol';
import { PortEngine } from '../../../core/engine/engine';
import { EngineSource } from '../../../core/port-view/engine-source';
import { evictionCount } from '../../../core/port-view/source';

const counts = (p: PortView | undefined) => p && { writes: p.writes, reads: p.reads, evictions: p.evictions, refused: p.refused, clears: p.clears };

describe('port totals: one count, from the engine, in every view', () => {
  it('the engine counts every kind of operation with nobody listening, batch calls included', () => {
    const engine = new PortEngine({ capacity: 3 });
    for (let i = 0; i < 5; i++) engine.write(2, i);
    engine.tryWrite(2, 'refused');
    engine.readMany(2, 2);
    assert.equal(engine.tryWriteMany(2, [7, 8, 9]), 2);
    engine.read(2);
    engine.clear(2);
    engine.clear(2);
    assert.deepEqual(engine.totals(2), { writes: 7, reads: 3, evictions: 2, refused: 1, clears: 1 });
    assert.deepEqual(engine.allTotals().map((t) => t.port), [2], 'an emptied port keeps its totals');
    assert.deepEqual(engine.totals(9), { writes: 0, reads: 0, evictions: 0, refused: 0, clears: 0 });
  });

  it('a dashboard opened after the traffic shows the totals since the engine started, and the tree the same', async () => {
    const engine = new PortEngine({ capacity: 3 });
    const source = new EngineSource(engine);
    for (let i = 0; i < 50; i++) engine.write(2, i, 'batcher');
    engine.read(2, 'worker');
    for (let i = 0; i < 4; i++) engine.write(5, i);
    engine.clear(5);

    const posted: ToWebview[] = [];
    let onDelta: (m: ToWebview) => void = () => {};
    const feed = new DashboardFeed([source], {
      post: (m) => {
        posted.push(m);
        if (m.type === 'delta') onDelta(m);
      },
    });
    feed.sendState();
    const state = posted.find((m) => m.type === 'state');
    assert.ok(state?.type === 'state');
    const port2 = state.state.ports.find((p) => p.id === 'port:engine:2');
    assert.deepEqual(counts(port2), { writes: 50, reads: 1, evictions: 47, refused: 0, clears: 0 });
    assert.equal(port2?.size, 2);
    assert.deepEqual(counts(state.state.ports.find((p) => p.id === 'port:engine:5')), { writes: 4, reads: 0, evictions: 1, refused: 0, clears: 1 }, 'an emptied port is there with its totals');
    const tree = source.ports().find((p) => p.port === 2)!;
    assert.equal(evictionCount(tree), 47, 'the Ports view counts the same evictions');

    const next = new Promise<ToWebview>((resolve) => (onDelta = resolve));
    engine.write(2, 'more', 'batcher');
    const delta = await next;
    assert.ok(delta.type === 'delta');
    assert.deepEqual(counts(delta.delta.ports.find((p) => p.id === 'port:engine:2')), { ...engine.totals(2) }, 'later events add to the same totals');
    feed.dispose();
  });
});
