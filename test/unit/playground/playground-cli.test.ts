import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { parseRecording } from '../../../core/dashboard/recording';
import { PortMirror } from '../../../core/playground/mirror';
import { parseTap } from '../../../core/playground/tap';
import type * as Testing from '../../../core/playground/testing';
import { bbports } from '../cli/bbports';

const examples = new URL('../../../examples/', import.meta.url).pathname;

describe('bbports run on the playground', () => {
  it('runs the example coordinator with the workers it execs on home and n00dles, and writes a dashboard recording', () => {
    const trace = join(mkdtempSync(join(tmpdir(), 'bbports-trace-')), 'run.json');
    const r = bbports(['run', join(examples, 'pipeline/coordinator.js'), '--trace', trace]);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^3 +worker\.js +home +1 +1\.60 GB +ended at /m);
    assert.match(r.out, /^4 +worker\.js +n00dles +1 +1\.60 GB +ended at /m);
    assert.match(r.out, /\[2 batcher\.js\] job 4 on hong-fang-tea: \$5000/);
    const recording = parseRecording(readFileSync(trace, 'utf8'), trace);
    assert.equal(recording.events.filter((e) => e.kind === 'write' && e.port === 2).length, 5, 'five results on port 2');
    assert.ok(recording.events.some((e) => e.actor === 'worker.js@n00dles (PID - 4)'));
  });

  it('--until runs a daemon for that much simulated time and says it is still running', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbports-until-'));
    writeFileSync(join(dir, 'daemon.js'), 'export async function main(ns) { for (;;) await ns.sleep(60000); }\n');
    const r = bbports(['run', 'daemon.js', '--until', '1h'], dir);
    assert.equal(r.code, 3);
    assert.match(r.out, /simulated 1h in /);
    assert.match(r.err, /the --until time was reached\.\n {2}daemon\.js \(pid 1\) waits on sleep \(60000 ms\)/);
  });

  it('a bad network file is named with what is wrong', () => {
    const dir = mkdtempSync(join(tmpdir(), 'bbports-net-'));
    writeFileSync(join(dir, 'a.js'), 'export async function main(ns) {}\n');
    writeFileSync(join(dir, 'net.json'), '[{"hostname": "n00dles"}]');
    const r = bbports(['run', 'a.js', '--servers', 'net.json'], dir);
    assert.deepEqual({ code: r.code, err: r.err }, { code: 2, err: 'bbports run: net.json: server 1 (n00dles): "maxRam" (GB) is required\n' });
  });
});

describe('the playground seen from another thread', () => {
  it('a mirror fed with the trace ends with the same ports as the run', async () => {
    const { simulate } = createRequire(import.meta.url)(new URL('../../../dist/testing.js', import.meta.url).pathname) as typeof Testing;
    const root = mkdtempSync(join(tmpdir(), 'bbports-mirror-'));
    writeFileSync(join(root, 'fill.js'), "export async function main(ns) { for (let i = 0; i < 60; i++) ns.writePort(1, { i }); ns.readPort(1); ns.tryWritePort(1, 'x'); ns.writePort(2, 'a'); ns.clearPort(2); ns.writePort(3, 'kept'); }\n");
    const trace = await simulate({ root, start: ['fill.js'] });
    const mirror = new PortMirror();
    mirror.apply(trace.events);
    assert.deepEqual(mirror.engine.snapshot(), trace.ports.map(({ totals: _t, ...p }) => p));
    assert.equal(mirror.engine.totals(1).evictions, 10);
  });

  it("node --test's TAP output gives each test's name and result (the Test Explorer reads it)", () => {
    const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', join(examples, 'rpc/service.test.mjs')], { encoding: 'utf8', env });
    const results = parseTap(r.stdout);
    assert.deepEqual(results.map((t) => [t.name, t.ok]), [
      ['the service answers every call, and both scripts end', true],
      ['the service waits on nextWrite: with no client it is still waiting at the end, not spinning', true],
    ]);
    assert.ok(results.every((t) => typeof t.durationMs === 'number'));
  });
});
