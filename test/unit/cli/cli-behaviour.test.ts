import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { describe, it } from 'node:test';
import { bbports, cli, folder } from './bbports';

const version = JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')).version as string;

describe('bbports --help and --version', () => {
  it('--version prints the package version', () => {
    assert.deepEqual(bbports(['--version']), { code: 0, out: `${version}\n`, err: '' });
  });

  it('--help lists every command and how to get more', () => {
    const r = bbports(['--help']);
    assert.equal(r.code, 0);
    for (const c of ['run', 'lint', 'serve', 'processes']) assert.match(r.out, new RegExp(`bbports ${c} `));
    assert.match(r.out, /bbports COMMAND --help/);
  });

  for (const command of ['run', 'lint', 'serve', 'processes']) {
    it(`${command} --help: each option with its meaning, examples, exit codes`, () => {
      const r = bbports([command, '--help']);
      assert.equal(r.code, 0, r.err);
      assert.match(r.out, new RegExp(`^Usage: bbports ${command}`));
      const options = r.out.split('Options:\n')[1]?.split('\n\n')[0]?.split('\n') ?? [];
      assert.ok(options.length >= 3, r.out);
      for (const line of options) assert.match(line, /^ {2}--[\w-]+( \S+)? {2,}\S.{10,}$/, `option line without a meaning: ${line}`);
      assert.match(r.out, /Examples:\n {2}bbports /);
      assert.match(r.out, /Exit codes:\n(?: {2}\d+ {2}.+\n)*? {2}2 {2}bad arguments/);
    });
  }

  it('serve --help names the option that sets the port to type in the game', () => {
    assert.match(bbports(['serve', '--help']).out, /--port N +the port the Remote API server listens on, on 127\.0\.0\.1; type the same in the game \(default 12525\)/);
  });
});

describe('bbports run: errors point into the player\'s own file, like Node', () => {
  it('a throw names file:line:column and shows the code line', () => {
    const dir = folder({ 'throws.js': "export async function main(ns) {\n  await ns.sleep(5);\n  throw new Error('boom from script');\n}\n" });
    const r = bbports(['run', 'throws.js'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /throws\.js:3:9: Error: boom from script\n +throw new Error\('boom from script'\);\n +\^\n/);
  });

  it('a syntax error names file:line:column and shows the code line', () => {
    const dir = folder({ 'bad.js': 'export async function main(ns) {\n  ns.print("a"\n}\n' });
    const r = bbports(['run', 'bad.js'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /bad\.js:2:12: SyntaxError: missing \) after argument list\n +ns\.print\("a"\n +\^+/);
  });

  it('a syntax error in an exec\'d script is reported at its position too', () => {
    const dir = folder({
      'starter.js': "export async function main(ns) { ns.exec('lib.js', 'home'); }\n",
      'lib.js': 'export async function main(ns) {\n  const x = ;\n}\n',
    });
    const r = bbports(['run', 'starter.js'], dir);
    assert.match(r.out, /exec: Ram usage could not be calculated for lib\.js: it has a syntax error at lib\.js:2:13: SyntaxError: Unexpected token ';'/);
  });
});

describe('bbports run: a run that ends while scripts still wait', () => {
  it('says who waits on what, prints the ports, and exits 3', () => {
    const dir = folder({
      'worker.js': "export async function main(ns) { ns.writePort(2, 'ready'); await ns.nextPortWrite(1); }\n",
      'napper.js': 'export async function main(ns) { await ns.getPortHandle(7).nextWrite(); }\n',
    });
    const r = bbports(['run', 'worker.js', 'napper.js'], dir);
    assert.equal(r.code, 3, r.err);
    assert.match(r.err, /worker\.js \(pid 1\) waits on port 1 \(nextWrite\)/);
    assert.match(r.err, /napper\.js \(pid 2\) waits on port 7 \(nextWrite\)/);
    assert.match(r.out, /^2 +1\/50 +"ready"/m);
  });

  it('a run whose scripts all end exits 0', () => {
    const dir = folder({ 'once.js': "export async function main(ns) { await ns.sleep(60000); ns.writePort(1, 'done'); }\n" });
    const r = bbports(['run', 'once.js'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /simulated 1m in /);
  });
});

describe('bbports run: a script that never yields is stopped, as the game would freeze', () => {
  const dir = folder({ 'spin.js': 'export async function main(ns) { while (true) { ns.readPort(1); } }\n' });

  it('by --for', () => {
    const r = bbports(['run', 'spin.js', '--for', '1'], dir);
    assert.equal(r.code, 4);
    assert.match(r.err, /stopped spin\.js \(pid 1\) on home: --for 1 s was up while it ran without yielding.*In the game this freezes the whole page/);
  });

  it('by the watchdog when no --for is given', () => {
    const r = bbports(['run', 'spin.js', '--watchdog', '1'], dir);
    assert.equal(r.code, 4);
    assert.match(r.err, /stopped spin\.js \(pid 1\) on home: it ran \d+\.\d s without yielding.*freezes/);
  });
});

describe('bbports run: a worker looping on await ns.sleep', () => {
  it('leaks no listener per sleep: stderr stays empty', async () => {
    const dir = folder({
      'coordinator.js': "export async function main(ns) { ns.exec('worker.js', 'home'); await ns.sleep(3600000); }\n",
      'worker.js': 'export async function main(ns) { for (;;) { await ns.sleep(10); ns.writePort(1, Date.now()); ns.readPort(1); } }\n',
    });
    const child = spawn(process.execPath, [cli, 'run', 'coordinator.js', 'worker.js', '--until', '1m'], { cwd: dir });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((done) => child.on('close', done));
    assert.equal(code, 3, 'ended by --until with both still sleeping');
    assert.doesNotMatch(err, /MaxListenersExceededWarning|Warning/);
  });
});

describe('bbports serve: its first line says what to do next', () => {
  it('names the Remote API port to type in the game', async () => {
    const dir = folder({ 'a.js': 'export async function main(ns) {}\n' });
    const port = await new Promise<number>((done) => {
      const s = createServer().listen(0, '127.0.0.1', () => {
        const p = (s.address() as { port: number }).port;
        s.close(() => done(p));
      });
    });
    const child = spawn(process.execPath, [cli, 'serve', '--root', dir, '--port', String(port)], { stdio: ['ignore', 'pipe', 'pipe'] });
    const first = await new Promise<string>((done) => {
      let out = '';
      child.stdout.on('data', (d) => {
        out += d;
        if (out.includes('\n')) done(out.split('\n')[0] as string);
      });
    });
    child.kill();
    await new Promise((done) => child.on('close', done));
    assert.match(first, new RegExp(`^\\d\\d:\\d\\d:\\d\\d In the game: Options → Remote API, host 127\\.0\\.0\\.1, port ${port}, then Connect\\.`));
  });
});
