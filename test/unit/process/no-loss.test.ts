import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import type { PortProcess } from '../../../core/process';
import { manager, nextEvent, program, until, writesTo } from './helpers';

/** Fails the test at once if any port ever holds more than the capacity (a put-back included). */
function watchCapacity(engine: PortEngine): { worst: () => number } {
  let worst = 0;
  engine.subscribe((e) => {
    worst = Math.max(worst, engine.size(e.port));
  });
  return { worst: () => worst };
}

const heldOf = (p: PortProcess) => p.inspect().held.reduce((n, h) => n + h.count, 0);
const heldValues = (p: PortProcess, port: number) => p.inspect().held.filter((h) => h.port === port).flatMap((h) => h.values);

describe('flow without loss', () => {
  it('the scene of the issue: generator -> port 1 -> worker -> port 2, nobody reads 2, stop; every job is on a port or held', async () => {
    const engine = new PortEngine({ capacity: 50 });
    const capacity = watchCapacity(engine);
    const m = manager(engine);
    const generator = m.define(program('generator.py', { args: ['400', '0'], mode: 'json-lines', outputPort: 1 }));
    const worker = m.define(program('worker.py', { mode: 'json-lines', inputPort: 1, outputPort: 2, writeAhead: 8 }));
    const emitted = nextEvent(generator, 'stderr', (e) => e.line.startsWith('emitted '));
    await worker.start();
    await generator.start();
    // Steady state: port 2 full, the worker takes nothing, the generator's jobs wait for room in port 1.
    await until(m, () => engine.full(2) && worker.inspect().flow?.input === 'paused' && engine.full(1) && heldOf(generator) > 0);
    assert.ok(worker.inspect().messagesIn <= 50 + 8, `the worker took ${worker.inspect().messagesIn}: at most what port 2 holds plus the write-ahead`);
    await m.stopAll();

    const jobs = Number((await emitted).line.split(' ')[1]);
    const results = engine.snapshot().find((s) => s.port === 2)!.items as { result: number }[];
    const queued = engine.snapshot().find((s) => s.port === 1)!.items as { job: number }[];
    const held = [...heldValues(worker, 2), ...heldValues(generator, 1), ...heldValues(worker, 1)] as { job?: number; result?: number }[];
    assert.equal(jobs, 400);
    assert.equal(queued.length + results.length + held.length, jobs, 'emitted = on port 1 + on port 2 + held: 0 unaccounted');
    const ids = [...queued.map((j) => j.job), ...results.map((r) => r.result), ...held.map((h) => h.job ?? h.result)].sort((a, b) => a! - b!);
    assert.deepEqual(ids, Array.from({ length: 400 }, (_, i) => i), 'each job exactly once');
    assert.equal(capacity.worst(), 50, 'no port above capacity');
    assert.equal(worker.inspect().lastExit?.exitCode, 0, 'the worker finished what it had and ended by itself');
  });

  it('held output is written, in order, when room appears, also after the process stopped', async () => {
    const engine = new PortEngine({ capacity: 5 });
    const p = manager(engine).define(program('producer.js', { args: ['20'], outputPort: 34 }));
    await p.start();
    await until(p, () => p.inspect().flow?.output === 'blocked');
    await p.stop();
    const kept = heldValues(p, 34);
    assert.ok(kept.length > 0, 'what stdout brought after the port filled is held, with its values');
    const seen: unknown[] = [];
    while (seen.length < 5 + kept.length) {
      if (engine.empty(34)) await engine.nextWrite(34);
      seen.push(engine.read(34));
    }
    assert.deepEqual(seen, Array.from({ length: seen.length }, (_, i) => String(i)));
    assert.equal(p.heldCount, 0);
    assert.equal(p.inspect().messagesOut, seen.length);
  });

  it('with intake following output, a worker takes nothing while its output port is full; the rest stays on the input port', async () => {
    // 200 jobs waiting in a port of capacity 5 (a smaller capacity does not trim a port, as in the game).
    const engine = new PortEngine({ capacity: 200 });
    for (let i = 0; i < 200; i++) engine.write(11, { job: i });
    engine.capacity = 5;
    const worker = manager(engine).define(program('worker.py', { mode: 'json-lines', inputPort: 11, outputPort: 12, writeAhead: 3 }));
    await worker.start();
    // Settled: intake paused, and either answers wait for room (stdout is then not read) or none is outstanding.
    await until(worker, () => engine.full(12) && worker.inspect().flow?.input === 'paused' && (worker.heldCount > 0 || worker.inspect().flow?.ahead === 0));
    const taken = worker.inspect().messagesIn;
    assert.ok(taken <= 5 + 3, `took ${taken}`);
    assert.equal(engine.size(11), 200 - taken, 'another worker can still take the rest');
    await worker.stop();
    assert.equal(engine.size(11) + engine.size(12) + heldOf(worker), 200);
  });

  it('a definition can opt out: intake then follows only the pipe', async () => {
    const engine = new PortEngine({ capacity: 5 });
    for (let i = 0; i < 5; i++) engine.write(13, String(i));
    const p = manager(engine).define(program('consumer.py', { args: ['5'], mode: 'json-lines', inputPort: 13, outputPort: 14, intakeFollowsOutput: false, writeAhead: 1 }));
    const ended = nextEvent(p, 'terminate');
    await p.start();
    await ended;
    assert.deepEqual(engine.read(14), { received: 5, firstBad: null });
  });

  it('put-back after a crash never goes above capacity: the rest is held and goes back to the front as room appears', async () => {
    const engine = new PortEngine({ capacity: 8 });
    const capacity = watchCapacity(engine);
    const big = (i: number) => `${i}:${'z'.repeat(100_000)}`;
    for (let i = 0; i < 8; i++) engine.write(30, big(i));
    const p = manager(engine).define(program('gate.js', { inputPort: 30, intakeFollowsOutput: false }));
    await p.start();
    await until(p, () => p.inspect().flow?.input === 'blocked');
    const taken = 8 - engine.size(30);
    // Writers fill the port again while the program holds what it took.
    for (let i = 8; engine.size(30) < 8; i++) engine.write(30, big(100 + i));
    const refill = engine.snapshot()[0]!.items;
    const ended = nextEvent(p, 'terminate');
    p.signal('SIGKILL');
    await ended;
    const delivered = p.inspect().messagesIn;
    const held = heldValues(p, 30) as string[];
    assert.ok(held.length > 0, 'some taken messages never reached the program');
    assert.equal(delivered + held.length, taken);
    assert.deepEqual(held, Array.from({ length: held.length }, (_, i) => big(delivered + i)), 'held with their values, oldest first');
    assert.equal(engine.size(30), 8);
    const order: unknown[] = [];
    while (order.length < 8 + held.length) {
      const back = p.heldCount ? writesTo(engine, 30, 1) : undefined;
      order.push(engine.read(30));
      await back;
    }
    // Each read makes room for one held message, which goes to the front: the oldest taken comes next.
    assert.deepEqual(order, [refill[0], ...held, ...refill.slice(1)]);
    assert.equal(capacity.worst(), 8);
  });
});
