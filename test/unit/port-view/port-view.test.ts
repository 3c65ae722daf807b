import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { EngineSource } from '../../../core/port-view/engine-source';
import { parseUserValue, previewItem } from '../../../core/port-view/preview';

describe('what a user types as a port value', () => {
  it('is JSON when it parses, otherwise the text as typed', () => {
    assert.deepEqual(parseUserValue('{"type":"hack"}'), { type: 'hack' });
    assert.equal(parseUserValue('42'), 42);
    assert.equal(parseUserValue('"42"'), '42');
    assert.equal(parseUserValue('hack n00dles'), 'hack n00dles');
    assert.equal(parseUserValue('{broken'), '{broken');
    assert.equal(parseUserValue(''), '');
  });
});

describe('item previews', () => {
  it('name the type and show compact JSON, cut to length', () => {
    assert.deepEqual(previewItem({ a: 1 }), { type: 'object', text: '{"a":1}' });
    assert.deepEqual(previewItem('NULL PORT DATA'), { type: 'string', text: '"NULL PORT DATA"' });
    assert.deepEqual(previewItem(new Map([[1, 2]])), { type: 'Map', text: '[[1,2]]' });
    assert.deepEqual(previewItem(5n), { type: 'bigint', text: '5n' });
    assert.deepEqual(previewItem(undefined), { type: 'undefined', text: 'undefined' });
    assert.equal(previewItem('x'.repeat(200), 20).text.length, 20);
  });
});

describe('the engine as a port source', () => {
  it('lists ports with fill state and, while watched, the items evictions pushed out', async () => {
    const engine = new PortEngine({ capacity: 2 });
    const source = new EngineSource(engine, 'vscode', { sampleEveryMs: 0 });
    let changes = 0;
    const stop = source.watch(() => changes++);
    await source.write(3, 'a');
    await source.write(3, 'b');
    assert.equal(await source.write(3, 'c'), 'a');
    assert.equal(await source.tryWrite(3, 'd'), false);
    assert.deepEqual(source.ports(), [{ port: 3, capacity: 2, items: ['b', 'c'], complete: true, full: true, evicted: ['a'], totals: { writes: 3, reads: 0, evictions: 1, refused: 1, clears: 0 }, rates: { writes: 0, reads: 0 } }]);
    assert.equal(await source.peek(3), 'b');
    assert.equal(await source.read(3), 'b');
    await source.clear(3);
    assert.deepEqual(source.ports(), []);
    assert.ok(changes >= 6);
    stop();
    await source.write(4, 'x');
    assert.deepEqual(source.ports()[0]?.evicted, []);
    assert.equal(source.status(), 'capacity 2');
  });
});
