import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { decodeValue, encodeValue } from '../../../core/game-link/bridge/value-codec';

/** Through the codec and a JSON text, as a value crosses the game link. */
const carry = (value: unknown) => decodeValue(JSON.parse(JSON.stringify(encodeValue(value))));

describe('the game link\'s value codec', () => {
  it('carries every kind of value structuredClone accepts, as structuredClone would', () => {
    const buffer = new Uint8Array([1, 2, 3, 4, 5, 6, 7, 8]).buffer;
    const values: unknown[] = [
      'text', '', 0, 42.5, true, false, null, undefined, NaN, Infinity, -Infinity, -0, 10n, -(2n ** 70n),
      new Map<unknown, unknown>([['a', 1], [{ k: 1 }, [2]]]), new Set([1, 'two', 3n]), new Date(1_700_000_000_000), /a+b/gi,
      new Uint8Array([1, 2, 255]), new Float64Array([1.5, -0, NaN]), new BigInt64Array([5n]), new DataView(buffer, 2, 4), buffer,
      [undefined, Infinity, -0], [1, , 3], Object.assign([1, 2], { extra: 'x' }), { nested: { deep: [new Map([[1, new Set([2])]])] } },
      new RangeError('out of range'), Object(5), Object('s'), Object(false), Object(7n), 'NULL PORT DATA', '\ud800 lone surrogate',
    ];
    for (const value of values) assert.deepStrictEqual(carry(value), structuredClone(value), `carrying ${String(value)}`);
    assert.ok(Number.isNaN((carry(new Date(NaN)) as Date).getTime()), 'an invalid Date stays one');
    const lengths = carry([, , 'x']) as unknown[];
    assert.equal(0 in lengths, false, 'holes stay holes');
    assert.ok(Object.is((carry([-0]) as number[])[0], -0));
  });

  it('keeps shared and cyclic references, and views sharing one buffer', () => {
    const shared = { n: 1 };
    const cyclic: Record<string, unknown> = { name: 'loop' };
    cyclic.self = cyclic;
    const map = new Map<unknown, unknown>();
    map.set(map, cyclic);
    const buffer = new ArrayBuffer(8);
    const out = carry({ a: shared, b: shared, cyclic, map, views: [new Uint8Array(buffer), new Int16Array(buffer, 2, 2)] }) as {
      a: object; b: object; cyclic: { self: unknown }; map: Map<unknown, unknown>; views: [Uint8Array, Int16Array];
    };
    assert.equal(out.a, out.b);
    assert.equal(out.cyclic.self, out.cyclic);
    assert.equal(out.map.get(out.map), out.cyclic);
    assert.equal(out.views[0].buffer, out.views[1].buffer);
    out.views[1][0] = -1;
    assert.deepEqual([...out.views[0].subarray(2, 4)], [255, 255]);
  });

  it('refuses what no port can hold, naming it, and rejects a malformed wire form', () => {
    assert.throws(() => encodeValue(() => 1), /a function cannot travel/);
    assert.throws(() => encodeValue({ ok: 1, bad: Symbol('s') }), /a symbol cannot travel/);
    assert.throws(() => encodeValue(new WeakMap()), /a WeakMap cannot travel/);
    assert.throws(() => decodeValue(['?', 1]), /not a value in the game link's encoding/);
    assert.throws(() => decodeValue(['r', 3]), /not a value in the game link's encoding/);
    assert.throws(() => decodeValue({ a: 1 }), /not a value in the game link's encoding/);
  });
});
