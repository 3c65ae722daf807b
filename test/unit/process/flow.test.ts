import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { EngineSource } from '../../../core/port-view/engine-source';
import { parseDefinition } from '../../../core/process';
import { manager, nextEvent, program, record, until, writesTo } from './helpers';

/** Reads `count` items from `port` as they come. */
async function drain(engine: PortEngine, port: number, count: number): Promise<unknown[]> {
  const got: unknown[] = [];
  while (got.length < count) {
    if (engine.empty(port)) await engine.nextWrite(port);
    else got.push(engine.read(port));
  }
  return got;
}

const numbered = (n: number) => Array.from({ length: n }, (_, i) => String(i));

describe('backpressure, never loss', () => {
  it('a full outputPort stops stdout until there is room: nothing evicted, order kept, terminate after the last message', async () => {
    const engine = new PortEngine({ capacity: 10 });
    let evicted = 0;
    engine.subscribe((e) => e.kind === 'evict' && evicted++);
    const p = manager(engine).define(program('producer.js', { args: ['100'], outputPort: 3 }));
    const ended = nextEvent(p, 'terminate');
    await p.start();
    await until(p, () => p.inspect().flow?.output === 'blocked');
    assert.equal(engine.size(3), 10);
    const got = drain(engine, 3, 100);
    await ended;
    assert.equal(p.inspect().messagesOut, 100);
    assert.deepEqual(await got, numbered(100));
    assert.equal(evicted, 0);
  });

  it('a program not reading stdin stops the taking; what never reached it goes back to the front of inputPort when it dies', async () => {
    const engine = new PortEngine({ capacity: 1000 });
    const big = (i: number) => `${i}:${'x'.repeat(1000)}`;
    for (let i = 0; i < 300; i++) engine.write(30, big(i));
    let taken = 0;
    engine.subscribe((e) => e.port === 30 && e.kind === 'read' && taken++);
    const p = manager(engine).define(program('gate.js', { inputPort: 30, outputPort: 31, intakeFollowsOutput: false }));
    await p.start();
    await until(p, () => p.inspect().flow?.input === 'blocked');
    assert.ok(engine.size(30) > 0, 'messages stay in the port while the program is not reading');
    const ended = nextEvent(p, 'terminate');
    p.signal('SIGKILL');
    await ended;
    const delivered = p.inspect().messagesIn;
    assert.ok(taken > delivered, `some taken messages (${taken - delivered}) were still ours when it died`);
    assert.equal(engine.size(30) + delivered, 300);
    assert.deepEqual(engine.snapshot().find((s) => s.port === 30)!.items, Array.from({ length: 300 - delivered }, (_, i) => big(delivered + i)));
  });

  it('stop lets the program read what was buffered for its stdin before it ends; the rest stays in the port', async () => {
    const engine = new PortEngine({ capacity: 1000 });
    for (let i = 0; i < 300; i++) engine.write(32, `${i}:${'y'.repeat(1000)}`);
    const p = manager(engine).define(program('gate.js', { inputPort: 32, outputPort: 33, intakeFollowsOutput: false }));
    const ready = writesTo(engine, 33, 1);
    await p.start();
    await ready;
    await until(p, () => p.inspect().flow?.input === 'blocked');
    const summary = writesTo(engine, 33, 1);
    p.signal('SIGUSR2');
    await p.stop();
    const { count, first, last } = JSON.parse((await summary)[0] as string) as { count: number; first: string; last: string };
    assert.equal(count, p.inspect().messagesIn);
    assert.equal(first.split(':')[0], '0');
    assert.equal(last.split(':')[0], String(count - 1));
    assert.equal(engine.size(32), 300 - count);
    assert.equal((engine.peek(32) as string).split(':')[0], String(count));
    assert.equal(p.inspect().lastExit?.exitCode, 0);
  });

  it('a stop in the same turn as messages were taken loses none: each reached the program or is back at the front of its port', async () => {
    const engine = new PortEngine();
    for (let i = 0; i < 20; i++) engine.write(42, String(i));
    const p = manager(engine).define(program('consumer.py', { args: ['1000'], inputPort: 42 }));
    await p.start();
    await p.stop();
    const delivered = p.inspect().messagesIn;
    assert.equal(engine.size(42) + delivered, 20);
    assert.deepEqual(engine.snapshot().find((s) => s.port === 42)?.items ?? [], numbered(20).slice(delivered));
  });

  it('typed text goes to stdin after the port messages taken before it, never in between', async () => {
    const engine = new PortEngine();
    for (let i = 0; i < 3; i++) engine.write(43, String(i));
    const p = manager(engine).define(program('echo.js', { inputPort: 43, outputPort: 44 }));
    const out = writesTo(engine, 44, 4);
    await p.start();
    p.type('typed\n');
    try {
      assert.deepEqual(await out, ['0', '1', '2', 'typed']);
    } finally {
      await p.stop();
    }
  });

  it('100,000 messages through a capacity-50 port between two programs: nothing lost, order kept', async () => {
    const engine = new PortEngine({ capacity: 50 });
    let evicted = 0;
    engine.subscribe((e) => e.kind === 'evict' && evicted++);
    const m = manager(engine);
    const verdict = writesTo(engine, 41, 1);
    await m.define(program('consumer.py', { args: ['100000'], inputPort: 40, outputPort: 41, mode: 'json-lines', intakeFollowsOutput: false })).start();
    await m.define(program('producer.js', { args: ['100000'], outputPort: 40 })).start();
    assert.deepEqual((await verdict)[0], { received: 100000, firstBad: null });
    assert.equal(evicted, 0);
    await m.stopAll();
  });
});

describe('keepalive', () => {
  it('writes the keepalive text as a line when stdin has been idle for the period', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('echo.js', { outputPort: 2, keepAlive: { text: 'ping', periodSeconds: 0.02 } }));
    const pings = writesTo(engine, 2, 3);
    await p.start();
    assert.deepEqual(await pings, ['ping', 'ping', 'ping']);
    await p.stop();
  });
  it('writes keepalive bytes as they are in binary mode', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('echo.js', { mode: 'binary', framing: { fixedLength: 2 }, outputPort: 2, keepAlive: { bytes: [0, 255], periodSeconds: 0.02 } }));
    const frames = writesTo(engine, 2, 2);
    await p.start();
    assert.deepEqual((await frames).map((f) => [...(f as Uint8Array)]), [[0, 255], [0, 255]]);
    await p.stop();
  });
});

describe('binary mode with a real program', () => {
  const framed = (fields: Record<string, unknown>, pieces: string[]) => program('frames.js', { args: pieces, mode: 'binary', outputPort: 9, ...fields });
  const frames = (engine: PortEngine) => (engine.snapshot()[0]?.items ?? []).map((f) => Buffer.from(f as Uint8Array).toString('hex'));

  it('reassembles frames written in uneven pieces, header included, and reports a partial frame at the end', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(framed({ framing: { headerSize: 3, lengthOffset: 2, lengthSize: 1 } }, ['aabb0201', '02ccdd', '03010203ee', 'ff05']));
    const log = record(p);
    const ended = nextEvent(p, 'terminate');
    await p.start();
    await ended;
    assert.deepEqual(frames(engine), ['aabb020102', 'ccdd03010203']);
    assert.ok(log.events.some((e) => e.type === 'error' && /last 3 bytes were not a whole frame and were dropped/.test(e.message)));
    assert.equal(p.status, 'exited');
  });

  it('a frame over maxLength stops the program as a failure: too large', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(framed({ framing: { headerSize: 4, maxLength: 8 } }, ['00000001aa', '00000064']));
    const ended = nextEvent(p, 'terminate');
    const error = nextEvent(p, 'error');
    await p.start();
    assert.match((await error).message, /^too large: a frame of 104 bytes/);
    await ended;
    await until(p, () => p.status !== 'running');
    assert.equal(p.status, 'failed');
    assert.deepEqual(frames(engine), ['00000001aa']);
  });

  it('takes bytes from inputPort as they are, and gives frames back as Uint8Array', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('echo.js', { mode: 'binary', framing: { headerSize: 1, lengthSize: 1 }, inputPort: 1, outputPort: 2 }));
    await p.start();
    const out = writesTo(engine, 2, 3);
    engine.write(1, Uint8Array.from([2, 7, 8]));
    engine.write(1, [1, 9]);
    engine.write(1, '\u0001A');
    const got = await out;
    assert.ok(got.every((f) => f instanceof Uint8Array));
    assert.deepEqual(got.map((f) => [...(f as Uint8Array)]), [[2, 7, 8], [1, 9], [1, 65]]);
    const bad = nextEvent(p, 'error');
    engine.write(1, { not: 'bytes' });
    const reported = await bad;
    assert.match(reported.message, /binary mode writes bytes/);
    assert.deepEqual(reported.value, { not: 'bytes' });
    await p.stop();
  });
});

describe('targets', () => {
  it('target game without the game connected is a clear error', async () => {
    const m = manager(new PortEngine());
    await assert.rejects(m.define(parseDefinition({ tag: 'g', command: 'node', target: 'game' })).start(), /target "game", but the game is not connected/);
  });
  it('target game goes through the game\'s port source (async reads and writes, no put-back)', async () => {
    const engine = new PortEngine();
    const m = manager(new PortEngine(), { gameSource: () => new EngineSource(engine) });
    const p = m.define(program('echo.js', { target: 'game', inputPort: 1, outputPort: 2 }));
    await p.start();
    const out = writesTo(engine, 2, 2);
    engine.write(1, 'a');
    engine.write(1, 'b');
    assert.deepEqual(await out, ['a', 'b']);
    await p.stop();
  });
  it('binary frames cross to the game as arrays of byte values (its link speaks JSON)', async () => {
    const engine = new PortEngine();
    const m = manager(new PortEngine(), { gameSource: () => new EngineSource(engine) });
    const p = m.define(program('echo.js', { target: 'game', mode: 'binary', framing: { fixedLength: 2 }, inputPort: 1, outputPort: 2 }));
    await p.start();
    const out = writesTo(engine, 2, 1);
    engine.write(1, [104, 105]);
    assert.deepEqual(await out, [[104, 105]]);
    await p.stop();
  });
});
