import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { describe, it } from 'node:test';
import type * as Testing from '../../../core/playground/testing';
import { folder } from '../cli/bbports';

// The built testing API, as players load it: require('bitburner-ports/testing') is dist/testing.js.
const built = new URL('../../../dist/testing.js', import.meta.url).pathname;
function api(): typeof Testing {
  assert.ok(existsSync(built), 'dist/testing.js is missing: run npm run build first');
  return createRequire(import.meta.url)(built) as typeof Testing;
}

const main = (body: string) => `export async function main(ns) {\n${body}\n}\n`;

describe('playground: virtual time', () => {
  it('an hour of sleeps passes in simulated time, and Date.now/performance.now inside scripts follow it', async () => {
    const root = folder({ 'hour.js': main("const d = Date.now(), p = performance.now();\nawait ns.sleep(3600000);\nns.print(`${Date.now() - d} ${performance.now() - p} ${new Date().getTime() - d}`);") });
    const trace = await api().simulate({ root, start: ['hour.js'] });
    assert.equal(trace.reason, 'done');
    assert.equal(trace.simulatedMs, 3600000);
    assert.deepEqual(trace.logs('hour.js'), ['3600000 3600000 3600000']);
  });

  it('scripts waking at the same time wake in the order they went to sleep', async () => {
    const root = folder({ 'nap.js': main('await ns.sleep(500);\nns.writePort(1, ns.args[0]);') });
    const trace = await api().simulate({ root, start: [3, 1, 2].map((n) => ({ script: 'nap.js', args: [n] })) });
    assert.deepEqual(trace.writes(1), [3, 1, 2]);
  });

  it("keeps the game's nextWrite rule: writes in one synchronous block wake a waiter once, and it sees them all", async () => {
    const root = folder({
      'waiter.js': main("await ns.nextPortWrite(1);\nconst seen = [];\nwhile (ns.peek(1) !== 'NULL PORT DATA') seen.push(ns.readPort(1));\nns.print(seen.join(','));\nawait ns.nextPortWrite(1);\nns.print('woken again');"),
      'writer.js': main("await ns.sleep(10);\nns.writePort(1, 'a'); ns.writePort(1, 'b'); ns.writePort(1, 'c');"),
    });
    const trace = await api().simulate({ root, start: ['waiter.js', 'writer.js'] });
    assert.deepEqual(trace.logs('waiter.js'), ['a,b,c']);
    assert.equal(trace.exit('waiter.js')?.waitingOn, 'port 1 (nextWrite)');
  });

  it('--until stops the clock: a daemon is still running at the limit', async () => {
    const root = folder({ 'daemon.js': main('for (;;) { await ns.sleep(1000); ns.writePort(1, 1); ns.readPort(1); }') });
    const trace = await api().simulate({ root, start: ['daemon.js'], until: '10m' });
    assert.equal(trace.reason, 'until');
    assert.equal(trace.simulatedMs, 600000);
    assert.equal(trace.writes(1).length, 600, 'one write per simulated second, the last at the limit itself');
  });
});

describe('playground: servers and RAM', () => {
  const servers = [{ hostname: 'tiny', maxRam: 4, hasAdminRights: true }, { hostname: 'locked', maxRam: 64, hasAdminRights: false }];

  it("exec refuses when RAM is short, with the game's text in the log, and returns 0", async () => {
    const root = folder({
      'starter.js': main("ns.scp('job.js', 'tiny'); ns.scp('job.js', 'locked');\nns.print(ns.exec('job.js', 'tiny', 3));\nns.print(ns.exec('job.js', 'tiny', 2));\nns.print(ns.exec('job.js', 'locked'));"),
      'job.js': main('await ns.sleep(1000);'),
    });
    const trace = await api().simulate({ root, start: ['starter.js'], servers });
    const log = trace.logs('starter.js');
    assert.ok(log.includes("exec: Cannot run script 'job.js' (t=3) on 'tiny' because there is not enough available RAM!"), log.join('\n'));
    assert.ok(log.includes("exec: You do not have root access on 'locked'"), log.join('\n'));
    assert.deepEqual(log.filter((l) => /^\d+$/.test(l)), ['0', '2', '0']);
    assert.equal(trace.peakRam('tiny'), 3.2);
  });

  it("charges a script's RAM by the game's static rules", async () => {
    const root = folder({ 'costly.js': main("ns.exec('x.js', 'home'); ns.ps(); ns.getServerMaxRam('home');") });
    const trace = await api().simulate({ root, start: ['costly.js'] });
    assert.equal(trace.processes()[0]?.ram, 3.15, '1.6 base + exec 1.3 + ps 0.2 + getServerMaxRam 0.05');
  });

  it('getServer* read the simulated network', async () => {
    const root = folder({ 'look.js': main("ns.print(ns.getServerMaxRam('tiny'), ' ', ns.hasRootAccess('locked'), ' ', ns.getHostname(), ' ', ns.scan('home').join(','));") });
    const trace = await api().simulate({ root, start: ['look.js'], servers });
    assert.deepEqual(trace.logs('look.js'), ['4 false home tiny,locked']);
  });
});

describe('playground: processes', () => {
  it('exec, ps, isRunning, kill, killall and atExit behave as in the game', async () => {
    const root = folder({
      'boss.js': main(
        [
          "const a = ns.exec('idle.js', 'home', 2, 'a');",
          "const b = ns.exec('idle.js', 'home', 1, 'b');",
          "await ns.sleep(1);",
          "ns.print(JSON.stringify(ns.ps().map((p) => [p.filename, p.threads, p.args, p.pid])));",
          "ns.print(ns.isRunning('idle.js', 'home', 'b'), ' ', ns.getRunningScript(a).threads);",
          'ns.print(ns.kill(a), ' + "' ', ns.isRunning(a), ' ', ns.kill(a));",
          "ns.print(ns.killall('home'));",
          "ns.print(JSON.stringify(ns.ps().map((p) => p.pid)));",
        ].join('\n'),
      ),
      'idle.js': main("ns.atExit(() => ns.writePort(9, `bye ${ns.args[0]}`));\nawait ns.sleep(1e9);"),
    });
    const trace = await api().simulate({ root, start: ['boss.js'] });
    trace.assertNoErrors();
    const log = trace.logs('boss.js').filter((l) => !/^(exec|kill): /.test(l));
    assert.deepEqual(log, ['[["boss.js",1,[],1],["idle.js",2,["a"],2],["idle.js",1,["b"],3]]', 'true 2', 'true false false', 'true', '[1]']);
    assert.deepEqual(trace.writes(9), ['bye a', 'bye b']);
    assert.deepEqual(trace.exits().map((e) => [e.pid, e.reason]), [[2, 'killed'], [3, 'killed'], [1, 'returned']]);
  });

  it('ns.exit ends the script and spawn starts the next one after its delay', async () => {
    const root = folder({
      'first.js': main("ns.spawn('second.js', { threads: 1, spawnDelay: 500 }, 'x');\nns.print('never');"),
      'second.js': main("ns.print('second ', ns.args[0]);\nns.exit();\nns.print('never');"),
    });
    const trace = await api().simulate({ root, start: ['first.js'] });
    assert.deepEqual(trace.logs('second.js'), ['second x', 'exit: Exiting...']);
    assert.equal(trace.processes()[1]?.t, 500);
    assert.deepEqual(trace.exits().map((e) => e.reason), ['killed', 'killed']);
  });
});

describe('playground: the rules a script meets in the game', () => {
  it('an ns call while the script sleeps in ns.sleep kills it with the game\'s text', async () => {
    const root = folder({ 'forgot.js': main("ns.sleep(1000);\nns.getHostname();") });
    const trace = await api().simulate({ root, start: ['forgot.js'] });
    const exit = trace.exit('forgot.js');
    assert.equal(exit?.reason, 'error');
    assert.equal(
      exit?.error,
      'CONCURRENCY ERROR\nforgot.js@home (PID - 1)\n\ngetHostname: Concurrent calls to Netscript functions are not allowed!\n      Did you forget to await hack(), grow(), or some other\n      promise-returning function?\n      Currently running: sleep tried to run: getHostname',
    );
  });

  it('asleep and port handles are allowed while a script sleeps', async () => {
    const root = folder({ 'ok.js': main("const h = ns.getPortHandle(1);\nconst s = ns.asleep(10);\nns.getHostname();\nconst t = ns.sleep(10);\nh.write('fine');\nawait Promise.all([s, t]);") });
    const trace = await api().simulate({ root, start: ['ok.js'] });
    trace.assertNoErrors();
    assert.deepEqual(trace.writes(1), ['fine']);
  });

  it('a function the playground does not simulate fails, naming it', async () => {
    const root = folder({ 'player.js': main('ns.getPlayer();') });
    const trace = await api().simulate({ root, start: ['player.js'] });
    assert.match(trace.exit('player.js')?.error ?? '', /^player\.js:2:4: Error: ns\.getPlayer is not simulated: /);
    const nested = await api().simulate({ root: folder({ 's.js': main("ns.stock.getPrice('ECP');") }), start: ['s.js'] });
    assert.match(nested.exit('s.js')?.error ?? '', /ns\.stock\.getPrice is not simulated/);
  });

  it('hack, grow and weaken take the game\'s times on the simulated server', async () => {
    const root = folder({ 'hgw.js': main("const w = ns.getWeakenTime('n00dles');\nconst t0 = performance.now();\nawait ns.weaken('n00dles');\nns.print(Math.abs(performance.now() - t0 - w) < 1e-6, ' ', Math.round(w));") });
    const trace = await api().simulate({ root, start: ['hgw.js'] });
    assert.deepEqual(trace.logs('hgw.js').at(-1), 'true 197059');
  });
});

describe('playground: determinism and the testing API', () => {
  it('the same run gives the same trace twice', async () => {
    const root = new URL('../../../examples/pipeline', import.meta.url).pathname;
    const [a, b] = [await api().simulate({ root, start: [{ script: 'coordinator.js', args: [4] }] }), await api().simulate({ root, start: [{ script: 'coordinator.js', args: [4] }] })];
    a.assertNoErrors();
    assert.ok(a.portEvents().length > 10);
    assert.deepEqual(JSON.stringify(b.events), JSON.stringify(a.events));
  });

  it("a player's test file runs under node --test (the README's RPC example)", () => {
    const file = new URL('../../../examples/rpc/service.test.mjs', import.meta.url).pathname;
    // Without the outer runner's NODE_TEST_CONTEXT, the child reports as it would in a player's terminal.
    const { NODE_TEST_CONTEXT: _outer, ...env } = process.env;
    const r = spawnSync(process.execPath, ['--test', '--test-reporter=tap', file], { encoding: 'utf8', env });
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stdout, /# pass 2\n# fail 0/);
  });

  it('a script that never yields is reported as frozen, not waited on forever', async () => {
    const root = folder({ 'spin.js': main('for (;;) ns.readPort(1);') });
    const trace = await api().simulate({ root, start: ['spin.js'], watchdog: 1 });
    assert.equal(trace.reason, 'frozen');
    assert.throws(() => trace.assertNoErrors(), /spin\.js \(pid 1\): spin\.js ran \d+\.\d s without yielding: in the game this freezes the page/);
  });
});
