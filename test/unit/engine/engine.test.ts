import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { NULL_PORT_DATA, PortEngine, PortError, type PortEvent } from '../../../core/engine';

describe("port numbers through the engine's API for tools (game.md §1)", () => {
  const engine = new PortEngine();
  const cases: [unknown, string][] = [
    [{}, "writePort: 'portNumber' must be a number. Is of type 'object', value: '{}'"],
    [undefined, "writePort: 'portNumber' must be a number. Is undefined."],
    [NaN, "writePort: 'portNumber' is NaN."],
    ['abc', "writePort: 'portNumber' must be a number. Is of type 'string', value: 'abc'"],
    [0, 'writePort: portNumber must be a positive integer, was 0'],
    [-3, 'writePort: portNumber must be a positive integer, was -3'],
    [1.5, 'writePort: portNumber must be a positive integer, was 1.5'],
    [2 ** 53, 'writePort: Trying to use an invalid port: 9007199254740992. Must be less or equal to 9007199254740991.'],
  ];
  for (const [n, text] of cases) {
    it(`refuses ${String(n)} with a PortError carrying the game's bare text`, () => {
      assert.throws(() => engine.write(n, 1), (e: unknown) => e instanceof PortError && e.message === text && e.fn === 'writePort');
    });
  }
  it('names the function that was called', () => {
    assert.throws(() => engine.read(0), { message: 'readPort: portNumber must be a positive integer, was 0' });
    assert.throws(() => engine.isFullPort(-1), { message: 'isFullPort: portNumber must be a positive integer, was -1' });
  });
  it("words the texts of the engine's game version", () => {
    const old = new PortEngine({ version: '2.6.1' });
    assert.throws(() => old.read(0), { message: 'readPort: portNumber should be a positive integer, was 0' });
    assert.throws(() => old.read('x'), { message: "readPort: 'portNumber' should be a number. Is of type 'string', value: 'x'" });
  });
  it('parses strings with parseFloat and has no 20-port limit', () => {
    const { ns } = engine;
    ns.writePort('5', 'five');
    assert.equal(ns.readPort(5), 'five');
    ns.writePort(Number.MAX_SAFE_INTEGER, 'far');
    assert.equal(ns.readPort('9007199254740991'), 'far');
    ns.writePort('7.0abc', 'seven');
    assert.equal(ns.readPort(7), 'seven');
  });
  it('isFullPort and isEmptyPort are exactly full() and empty() of that port', () => {
    const small = new PortEngine({ capacity: 1 });
    assert.deepEqual([small.isFullPort(4), small.isEmptyPort('4')], [false, true]);
    small.write(4, 'x');
    assert.deepEqual([small.isFullPort(4), small.isEmptyPort(4)], [small.full(4), small.empty(4)]);
    assert.deepEqual([small.isFullPort(4), small.isEmptyPort(4)], [true, false]);
  });
});

describe('read, peek, write and the sentinel', () => {
  it('reads FIFO and returns "NULL PORT DATA" when empty or never used', () => {
    const { ns } = new PortEngine();
    assert.equal(ns.readPort(1), NULL_PORT_DATA);
    assert.equal(ns.peek(1), NULL_PORT_DATA);
    ns.writePort(1, 'a');
    ns.writePort(1, 'b');
    assert.equal(ns.peek(1), 'a');
    assert.equal(ns.readPort(1), 'a');
    assert.equal(ns.readPort(1), 'b');
    assert.equal(ns.readPort(1), NULL_PORT_DATA);
  });
  it('cannot tell a written sentinel from an empty port except by empty()', () => {
    const engine = new PortEngine();
    const h = engine.ns.getPortHandle(3);
    h.write(NULL_PORT_DATA);
    assert.equal(h.empty(), false);
    assert.equal(h.read(), NULL_PORT_DATA);
    assert.equal(h.empty(), true);
  });
  it('write appends first, then evicts and returns the oldest item above capacity', () => {
    const engine = new PortEngine({ capacity: 3 });
    const { ns } = engine;
    assert.equal(ns.writePort(1, 1), null);
    assert.equal(ns.writePort(1, 2), null);
    assert.equal(ns.writePort(1, 3), null);
    assert.equal(ns.writePort(1, 4), 1);
    assert.deepEqual(engine.snapshot(), [{ port: 1, capacity: 3, items: [2, 3, 4] }]);
  });
  it('tryWrite refuses at capacity, writes nothing and returns false', () => {
    const engine = new PortEngine({ capacity: 2 });
    const h = engine.ns.getPortHandle(2);
    assert.equal(h.tryWrite('x'), true);
    assert.equal(h.full(), false);
    assert.equal(h.tryWrite('y'), true);
    assert.equal(h.full(), true);
    assert.equal(h.tryWrite('z'), false);
    assert.deepEqual(engine.snapshot()[0]?.items, ['x', 'y']);
  });
  it('full() is false and empty() true for an unknown port', () => {
    const h = new PortEngine().ns.getPortHandle(99);
    assert.equal(h.full(), false);
    assert.equal(h.empty(), true);
  });
  it('defaults to capacity 50 and accepts a larger one', () => {
    const engine = new PortEngine();
    assert.equal(engine.capacity, 50);
    for (let i = 0; i < 50; i++) assert.equal(engine.ns.writePort(1, i), null);
    assert.equal(engine.ns.writePort(1, 50), 0);
    const big = new PortEngine({ capacity: 100_000 });
    for (let i = 0; i < 100_000; i++) big.ns.writePort(1, i);
    assert.equal(big.ns.writePort(1, 'over'), 0);
    assert.throws(() => new PortEngine({ capacity: 0 }), /capacity must be a positive integer/);
  });
  it('a smaller capacity evicts one item per later write, as the game does', () => {
    const engine = new PortEngine({ capacity: 5 });
    for (let i = 0; i < 5; i++) engine.ns.writePort(1, i);
    engine.capacity = 2;
    assert.equal(engine.ns.writePort(1, 5), 0);
    assert.equal(engine.size(1), 5);
  });
});

describe('cloning', () => {
  it('stores a clone on write, read returns the stored copy, peek clones again', () => {
    const engine = new PortEngine();
    const sent = { n: 1, nested: { list: [1, 2] } };
    engine.ns.writePort(1, sent);
    sent.nested.list.push(3);
    const peeked = engine.ns.peek(1) as typeof sent;
    assert.deepEqual(peeked, { n: 1, nested: { list: [1, 2] } });
    peeked.n = 99;
    const read = engine.ns.readPort(1) as typeof sent;
    assert.deepEqual(read, { n: 1, nested: { list: [1, 2] } });
    assert.notEqual(read, sent);
  });
  it('refuses functions, Promises and Proxies with a PortError and the clone error as cause', () => {
    const engine = new PortEngine();
    const text = "writePort: You can't send Functions, Promises, NS, or other unserializable data through ports!";
    for (const bad of [() => 1, Promise.resolve(1), new Proxy({}, {}), { f() {} }]) {
      assert.throws(
        () => engine.write(1, bad),
        (e: Error) => e instanceof PortError && e.message === text && e.cause instanceof Error,
      );
    }
    assert.throws(() => engine.tryWrite(1, () => 1), { message: text.replace('writePort', 'tryWritePort') });
    assert.equal(engine.read(1), NULL_PORT_DATA);
  });
  it('stores a bare Symbol as it is, as the game does (it clones objects only)', () => {
    const { ns } = new PortEngine();
    const s = Symbol('s');
    ns.writePort(1, s);
    assert.equal(ns.readPort(1), s);
  });
  it('passes class instances as plain objects, and Map, Set, Date, BigInt, undefined as clones', () => {
    const { ns } = new PortEngine();
    class Job {
      constructor(public target = 'n00dles') {}
      run() {
        return this.target;
      }
    }
    ns.writePort(1, new Job());
    const job = ns.readPort(1) as Job;
    assert.deepEqual(job, { target: 'n00dles' });
    assert.equal(typeof job.run, 'undefined');
    const values = [new Map([[1, 2]]), new Set([1]), new Date(5), 10n, undefined, null, true];
    for (const v of values) ns.writePort(2, v);
    for (const v of values) assert.deepEqual(ns.readPort(2), v);
  });
});

describe('nextWrite', () => {
  it('hands out one shared promise per port that resolves with undefined', async () => {
    const { ns } = new PortEngine();
    const h = ns.getPortHandle(1);
    const a = h.nextWrite();
    assert.equal(a, ns.nextPortWrite(1));
    h.write('x');
    assert.equal(await a, undefined);
    assert.notEqual(h.nextWrite(), a);
  });
  it('wakes once after the writer finishes its synchronous block, seeing every write of it', async () => {
    const { ns } = new PortEngine();
    const seen: unknown[][] = [];
    const waiter = ns.nextPortWrite(1).then(() => {
      const got: unknown[] = [];
      for (let v = ns.readPort(1); v !== NULL_PORT_DATA; v = ns.readPort(1)) got.push(v);
      seen.push(got);
    });
    ns.writePort(1, 'a');
    ns.writePort(1, 'b');
    assert.deepEqual(seen, [], 'the waiter must not run inside the writer');
    ns.writePort(1, 'c');
    await waiter;
    assert.deepEqual(seen, [['a', 'b', 'c']]);
  });
  it('is woken by an overflowing write and a successful tryWrite, not by a refused tryWrite or a clear', async () => {
    const engine = new PortEngine({ capacity: 1 });
    const { ns } = engine;
    const order: string[] = [];
    ns.writePort(1, 'fill');
    const refused = ns.nextPortWrite(1).then(() => order.push('woken'));
    assert.equal(ns.tryWritePort(1, 'no room'), false);
    ns.clearPort(1);
    await Promise.resolve();
    await Promise.resolve();
    assert.deepEqual(order, []);
    ns.writePort(1, 'a');
    await refused;
    assert.deepEqual(order, ['woken']);
    const overflow = ns.nextPortWrite(1);
    assert.equal(ns.writePort(1, 'b'), 'a');
    await overflow;
    ns.readPort(1);
    const tried = ns.nextPortWrite(1);
    assert.equal(ns.tryWritePort(1, 'c'), true);
    await tried;
  });
  it('keeps a waited-on port across read and clear, and drops an empty unwatched one', () => {
    const engine = new PortEngine();
    engine.ns.writePort(4, 1);
    void engine.ns.nextPortWrite(4);
    engine.ns.readPort(4);
    engine.ns.clearPort(4);
    const pending = engine.ns.nextPortWrite(4);
    assert.ok(pending instanceof Promise);
    engine.ns.writePort(5, 1);
    engine.ns.readPort(5);
    assert.deepEqual(engine.snapshot(), []);
  });
});

describe('events', () => {
  it('reports writes, evictions, refusals, reads and clears with port, time, size and actor', () => {
    const engine = new PortEngine({ capacity: 1 });
    const events: PortEvent[] = [];
    const stop = engine.subscribe((e) => events.push(e));
    const ns = engine.nsFor('worker.js');
    ns.writePort(1, 'a');
    ns.writePort(1, 'b');
    ns.tryWritePort(1, 'c');
    ns.readPort(1);
    ns.writePort(1, 'd');
    ns.clearPort(1);
    stop();
    ns.writePort(1, 'unseen');
    assert.deepEqual(
      events.map((e) => [e.kind, e.port, e.size, e.value, e.cleared, e.actor]),
      [
        ['write', 1, 1, 'a', undefined, 'worker.js'],
        ['write', 1, 2, 'b', undefined, 'worker.js'],
        ['evict', 1, 1, 'a', undefined, 'worker.js'],
        ['refused', 1, 1, 'c', undefined, 'worker.js'],
        ['read', 1, 0, 'b', undefined, 'worker.js'],
        ['write', 1, 1, 'd', undefined, 'worker.js'],
        ['clear', 1, 0, undefined, 1, 'worker.js'],
      ],
    );
    assert.ok(events.every((e) => typeof e.time === 'number'));
  });
  it('a listener that throws does not break the write', () => {
    const engine = new PortEngine();
    const original = console.error;
    console.error = () => {};
    try {
      engine.subscribe(() => {
        throw new Error('boom');
      });
      assert.equal(engine.ns.writePort(1, 'x'), null);
    } finally {
      console.error = original;
    }
    assert.equal(engine.ns.readPort(1), 'x');
  });
  it('reset empties every port, as a game reload does', () => {
    const engine = new PortEngine();
    engine.ns.writePort(1, 'a');
    engine.ns.writePort(2, 'b');
    const events: PortEvent[] = [];
    engine.subscribe((e) => events.push(e));
    engine.reset('reload');
    assert.deepEqual(engine.snapshot(), []);
    assert.deepEqual(events.map((e) => [e.kind, e.port, e.cleared]), [['clear', 1, 1], ['clear', 2, 1]]);
  });
});
