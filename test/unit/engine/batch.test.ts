import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine, type PortEvent } from '../../../core/engine';

/** Two engines in the same state, one driven by single calls and one by the batch call, each with its record. */
function twins(capacity: number, listening: boolean, prefill: unknown[] = []) {
  const make = () => {
    const engine = new PortEngine({ capacity });
    for (const v of prefill) engine.write(1, v);
    const events: Omit<PortEvent, 'time'>[] = [];
    if (listening) engine.subscribe(({ time: _time, ...e }) => events.push(e));
    return { engine, events, mapSize: () => (engine as unknown as { ports: Map<number, unknown> }).ports.size };
  };
  return { single: make(), batch: make() };
}

function sameState(a: ReturnType<typeof twins>['single'], b: ReturnType<typeof twins>['single']): void {
  assert.deepEqual(b.events, a.events);
  assert.deepEqual(b.engine.snapshot(), a.engine.snapshot());
  assert.equal(b.mapSize(), a.mapSize());
}

const values = ['a', 2, { job: 3 }, null, [4], 'f'];

describe('tryWriteMany: the same as tryWrite in a loop that stops at the first refusal', () => {
  for (const listening of [false, true]) {
    for (const [capacity, from] of [[10, 0], [4, 0], [4, 2], [2, 5], [3, 6]] as const) {
      it(`capacity ${capacity}, from ${from}${listening ? ', with a listener' : ''}`, () => {
        const { single, batch } = twins(capacity, listening, ['old']);
        let at = from;
        while (at < values.length && single.engine.tryWrite(1, values[at], 'w')) at++;
        assert.equal(batch.engine.tryWriteMany(1, values, from, 'w'), at - from);
        sameState(single, batch);
      });
    }
  }
  it('stores clones, so later changes to the values do not reach the port', () => {
    const engine = new PortEngine();
    const value = { n: 1 };
    engine.tryWriteMany(1, [value]);
    value.n = 2;
    assert.deepEqual(engine.read(1), { n: 1 });
  });
  it('writes what came before an unserializable value, then throws the game text', () => {
    const { single, batch } = twins(10, true);
    const mixed = ['a', () => 1, 'c'];
    assert.throws(() => {
      for (const v of mixed) single.engine.tryWrite(1, v);
    });
    assert.throws(() => batch.engine.tryWriteMany(1, mixed), { message: /tryWritePort: You can't send Functions/ });
    sameState(single, batch);
  });
  it('wakes nextWrite waiters once, and checks the port number as tryWritePort does', async () => {
    const engine = new PortEngine();
    let woken = 0;
    void engine.nextWrite(1).then(() => woken++);
    assert.equal(engine.tryWriteMany(1, ['a', 'b']), 2);
    await Promise.resolve();
    assert.equal(woken, 1);
    assert.throws(() => engine.tryWriteMany(0, ['a']), { message: 'tryWritePort: portNumber must be a positive integer, was 0' });
  });
});

describe('readMany: the same as read in a loop while the port has items', () => {
  for (const listening of [false, true]) {
    for (const [held, max] of [[0, 3], [2, 3], [3, 3], [5, 3], [5, 0]] as const) {
      it(`${held} items, max ${max}${listening ? ', with a listener' : ''}`, () => {
        const items = values.slice(0, held);
        const { single, batch } = twins(10, listening, items);
        const expected: unknown[] = [];
        while (expected.length < max && !single.engine.empty(1)) expected.push(single.engine.read(1, 'r'));
        assert.deepEqual(batch.engine.readMany(1, max, 'r'), expected);
        sameState(single, batch);
      });
    }
  }
  it('keeps an emptied port that someone waits on, so a later write still wakes them', async () => {
    const engine = new PortEngine();
    engine.write(1, 'a');
    const written = engine.nextWrite(1);
    assert.deepEqual(engine.readMany(1, 5), ['a']);
    engine.write(1, 'b');
    await written;
    assert.throws(() => engine.readMany('x', 1), { message: "readPort: 'portNumber' must be a number. Is of type 'string', value: 'x'" });
  });
});

describe('nextRead', () => {
  it('resolves after a read, a readMany, a clear or a reset, not after a write', async () => {
    const engine = new PortEngine();
    const log: string[] = [];
    const wait = async (label: string) => {
      await engine.nextRead(1);
      log.push(label);
    };
    engine.write(1, 'a');
    const read = wait('read');
    engine.write(1, 'b');
    await Promise.resolve();
    assert.deepEqual(log, []);
    engine.read(1);
    await read;
    const many = wait('readMany');
    engine.readMany(1, 5);
    await many;
    const cleared = wait('clear');
    engine.clear(1);
    await cleared;
    const reset = wait('reset');
    engine.reset();
    await reset;
    assert.deepEqual(log, ['read', 'readMany', 'clear', 'reset']);
  });
  it('hands out one promise per port until it resolves, and names itself in errors', () => {
    const engine = new PortEngine();
    assert.equal(engine.nextRead(1), engine.nextRead(1));
    assert.throws(() => engine.nextRead(-1), { message: 'nextRead: portNumber must be a positive integer, was -1' });
  });
});
