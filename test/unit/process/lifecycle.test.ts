import assert from 'node:assert/strict';
import { chmodSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { EnginePortIo, parseDefinition, PortProcess } from '../../../core/process';
import { PortRegistry } from '../../../core/registry';
import { manager, nextEvent, program, record, until, writesTo } from './helpers';

describe('a process on ports: output, lifecycle, events', () => {
  it('lines: each stdout line is a message on outputPort; start, then output, then terminate with the exit code', async () => {
    const engine = new PortEngine();
    const m = manager(engine);
    const p = m.define(program('frames.js', { args: [Buffer.from('one\r\n\ntwo\nlast').toString('hex')], outputPort: 5 }));
    const log = record(p);
    const ended = nextEvent(p, 'terminate');
    await p.start();
    assert.deepEqual(await ended, { type: 'terminate', tag: 'frames.js', exitCode: 0, signal: null });
    assert.deepEqual([engine.read(5), engine.read(5), engine.read(5), engine.read(5)], ['one', '', 'two', 'last']);
    assert.deepEqual(log.events.map((e) => e.type), ['start', 'terminate']);
    assert.equal(p.status, 'exited');
    assert.equal(p.inspect().messagesOut, 4);
  });

  it('json-lines: values are parsed; a line that is not JSON is delivered as text and reported, never dropped', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('json-mixed.js', { mode: 'json-lines', outputPort: 6 }));
    const reported = nextEvent(p, 'error');
    const ended = nextEvent(p, 'terminate');
    await p.start();
    assert.match((await reported).message, /stdout line is not JSON .*delivered as text: not json at all/);
    await ended;
    assert.deepEqual(engine.snapshot()[0]!.items, [{ type: 'plan', n: 1 }, 'not json at all', [1, 2, 3]]);
  });

  it('stderr lines reach the owner and the eventsPort, the last one without a newline too', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('stderr.py', { outputPort: 7, eventsPort: 8 }));
    const ended = nextEvent(p, 'terminate');
    await p.start();
    await ended;
    const events = engine.snapshot().find((s) => s.port === 8)!.items as { type: string; line?: string }[];
    assert.deepEqual(events.map((e) => e.type), ['start', 'stderr', 'stderr', 'terminate']);
    assert.deepEqual(events.filter((e) => e.type === 'stderr').map((e) => e.line), ['warning: low on RAM', 'last words']);
    assert.equal(engine.read(7), 'out');
  });

  it('env: custom variables win over inherited ones, names keep their case, inheritEnv false inherits nothing', async () => {
    const engine = new PortEngine();
    const m = manager(engine);
    process.env.BBPORTS_TEST_SHARED = 'inherited';
    process.env.BBPORTS_TEST_ONLY_PARENT = 'parent';
    const names = ['BBPORTS_TEST_SHARED', 'BBPORTS_TEST_ONLY_PARENT', 'bbports_lower'];
    const run = async (tag: string, inheritEnv: boolean) => {
      const p = m.define(program('env.js', { tag, args: names, mode: 'json-lines', outputPort: 9, inheritEnv, env: { BBPORTS_TEST_SHARED: 'custom', bbports_lower: 'kept' } }));
      const out = writesTo(engine, 9, 1);
      await p.start();
      return (await out)[0];
    };
    assert.deepEqual(await run('inherit', true), { BBPORTS_TEST_SHARED: 'custom', BBPORTS_TEST_ONLY_PARENT: 'parent', bbports_lower: 'kept' });
    assert.deepEqual(await run('alone', false), { BBPORTS_TEST_SHARED: 'custom', BBPORTS_TEST_ONLY_PARENT: null, bbports_lower: 'kept' });
  });

  it('a program that cannot start is a clear error: not found, not executable, no such cwd', async () => {
    const m = manager(new PortEngine());
    await assert.rejects(m.define(parseDefinition({ tag: 'missing', command: 'bbports-no-such-program' })).start(), /cannot start "bbports-no-such-program": no such program \(ENOENT\)/);
    const dir = mkdtempSync(join(tmpdir(), 'bbports-'));
    const script = join(dir, 'tool.sh');
    writeFileSync(script, '#!/bin/sh\necho hi\n');
    chmodSync(script, 0o644);
    const p = m.define(parseDefinition({ tag: 'noexec', command: script, restart: 'always' }));
    const reported = nextEvent(p, 'error');
    await assert.rejects(p.start(), /it is not executable \(EACCES\)/);
    assert.match((await reported).message, /EACCES/);
    assert.equal(p.status, 'failed');
    await assert.rejects(m.define(parseDefinition({ tag: 'nocwd', command: 'node', cwd: join(dir, 'nope') })).start(), /no such folder/);
  });

  it('inspection shows what runs and what went through', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('echo.js', { inputPort: 1, outputPort: 2, env: { A: '1' } }));
    await p.start();
    const echoed = writesTo(engine, 2, 2);
    engine.write(1, 'hello');
    engine.write(1, { n: 1 });
    assert.deepEqual(await echoed, ['hello', '{"n":1}']);
    const info = p.inspect();
    assert.equal(info.status, 'running');
    assert.ok(info.pid! > 0);
    assert.equal(info.command, process.execPath);
    assert.deepEqual(info.env, { A: '1' });
    assert.equal(info.mode, 'lines');
    assert.deepEqual([info.bytesOut, info.bytesIn, info.messagesIn, info.messagesOut, info.restarts], [14, 14, 2, 2, 0]);
    await p.stop();
    assert.equal(p.status, 'stopped');
    assert.equal(p.inspect().pid, undefined);
  });
});

describe('supervision', () => {
  it('on-failure restarts a crashing program, and gives up after intensity restarts within the period', async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(program('crash.js', { args: ['3'], outputPort: 4, restart: { strategy: 'on-failure', intensity: 2, periodSeconds: 60 } }));
    const log = record(p);
    const gaveUp = nextEvent(p, 'gave-up');
    await p.start();
    assert.match((await gaveUp).message, /gave up restarting "crash.js": it ended 3 times within 60 s \(last: exit code 3\)/);
    assert.deepEqual(log.events.map((e) => e.type), ['start', 'terminate', 'restart', 'start', 'terminate', 'restart', 'start', 'terminate', 'gave-up']);
    assert.equal(p.restarts, 2);
    assert.equal(p.status, 'gave-up');
    assert.equal(engine.size(4), 3);
  });

  it('restarts stay within intensity when they are spread beyond the period', async () => {
    let clock = 0;
    const engine = new PortEngine();
    const spec = program('crash.js', { args: ['1'], restart: { strategy: 'always', intensity: 1, periodSeconds: 10 } });
    // Each restart happens 11 s after the last on this clock, so the window never holds more than one.
    const p = new PortProcess(spec, { io: () => new EnginePortIo(engine, spec.tag), now: () => (clock += 11_000) });
    const fourth = nextEvent(p, 'restart', (e) => e.restarts === 4);
    await p.start();
    await fourth;
    await p.stop();
    assert.equal(p.status, 'stopped');
  });

  it('on-failure does not restart a clean exit; never does not restart a crash', async () => {
    const m = manager(new PortEngine());
    const clean = m.define(program('crash.js', { tag: 'clean', args: ['0'], restart: 'on-failure' }));
    const ended = nextEvent(clean, 'terminate');
    await clean.start();
    await ended;
    await until(clean, () => clean.status !== 'running');
    assert.equal(clean.status, 'exited');
    const crash = m.define(program('crash.js', { tag: 'crash', args: ['2'] }));
    const crashed = nextEvent(crash, 'terminate');
    await crash.start();
    assert.equal((await crashed).exitCode, 2);
    await until(crash, () => crash.status !== 'running');
    assert.equal(crash.status, 'failed');
    assert.equal(crash.restarts, 0);
  });

  it('holds its ports in the registry while it runs, shares a port someone else holds, and frees its own when it stops', async () => {
    const engine = new PortEngine();
    const registry = new PortRegistry();
    registry.reserve(21, { kind: 'script', hostname: 'home', pid: 7 });
    const p = manager(engine, { registry }).define(program('echo.js', { inputPort: 20, outputPort: 21, eventsPort: 22 }));
    await p.start();
    const owners = registry.status().reserved.map((r) => [r.port, r.owner.kind === 'process' ? r.owner.tag : 'script']);
    assert.deepEqual(owners, [[20, 'echo.js'], [21, 'script'], [22, 'echo.js']]);
    engine.write(21, 'kept');
    await p.stop();
    assert.deepEqual(registry.status().reserved.map((r) => r.port), [21]);
    assert.equal(engine.peek(21), 'kept');
  });
});
