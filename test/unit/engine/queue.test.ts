import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortHistory, PortEngine, Queue } from '../../../core/engine';

describe('Queue', () => {
  it('keeps FIFO order across growth and wrap-around', () => {
    const q = new Queue<number>(4);
    const expected: number[] = [];
    for (let round = 0; round < 50; round++) {
      for (let i = 0; i < 7; i++) {
        q.push(round * 10 + i);
        expected.push(round * 10 + i);
      }
      for (let i = 0; i < 5; i++) assert.equal(q.shift(), expected.shift());
    }
    assert.deepEqual(q.toArray(), expected);
    assert.equal(q.length, expected.length);
  });
  it('unshift puts an item back at the front', () => {
    const q = new Queue<string>();
    q.push('b');
    q.unshift('a');
    assert.deepEqual(q.toArray(), ['a', 'b']);
    assert.equal(q.front(), 'a');
    assert.equal(q.at(1), 'b');
    assert.equal(q.at(2), undefined);
  });
});

describe('PortHistory', () => {
  it('keeps the last events per port and counts evictions', () => {
    const engine = new PortEngine({ capacity: 2 });
    const history = new PortHistory(engine, 3);
    for (let i = 0; i < 4; i++) engine.ns.writePort(1, i);
    assert.equal(history.events(1).length, 3);
    assert.deepEqual(history.evictions(1).map((e) => e.value), [0, 1]);
    assert.deepEqual(history.counts(1), { writes: 4, reads: 0, evictions: 2, refused: 0, clears: 0 });
    history.dispose();
    engine.ns.writePort(1, 9);
    assert.equal(history.counts(1).writes, 4);
  });
});
