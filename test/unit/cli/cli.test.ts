import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bbports, cli } from './bbports';

describe('bbports: bad arguments get a clear error naming the option, and exit 2', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbports-cli-'));
  writeFileSync(join(dir, 'writer.js'), 'export async function main(ns) { ns.writePort(1, ns.args[0] ?? "hi"); }\n');

  for (const [args, error] of [
    [['run', 'writer.js', '--capacity', 'abc'], "bbports run: --capacity must be a whole number of items from 1 up (the game's is 50), was abc\n"],
    [['processes', '--capacity', '0', '--root', '.'], "bbports processes: --capacity must be a whole number of items from 1 up (the game's is 50), was 0\n"],
    [['run', 'writer.js', '--args', '[bad'], `bbports run: --args must be a JSON array, e.g. --args '["n00dles", 5]', was [bad\n`],
    [['run', 'writer.js', '--for', 'soon'], 'bbports run: --for must be a positive number of seconds, was soon\n'],
    [['run', '.'], 'bbports run: . is not a script file: name .js files with an exported main(ns)\n'],
    [['run', 'writer.js', '--root', 'nowhere'], 'bbports run: --root nowhere is not a folder\n'],
  ] as const) {
    it(args.join(' '), () => {
      const r = bbports([...args], dir);
      assert.deepEqual({ code: r.code, err: r.err, out: r.out }, { code: 2, err: error, out: '' }, 'nothing runs, no port table');
    });
  }

  it('a missing file says that it does not exist, and where it was looked for', () => {
    const r = bbports(['run', 'writer.js', 'missing.js'], dir);
    assert.equal(r.code, 2);
    assert.equal(r.out, '');
    assert.match(r.err, /^bbports run: missing\.js does not exist \(looked for .*missing\.js\): name \.js files with an exported main\(ns\)\n$/);
  });

  it('an unknown option is named, with the known ones', () => {
    const r = bbports(['run', 'writer.js', '--fast'], dir);
    assert.equal(r.code, 2);
    assert.match(r.err, /^bbports run: unknown option --fast \(known: --root, --args, .*--watchdog; --help explains them\)\n$/);
  });

  it('a good run still works', () => {
    const r = bbports(['run', 'writer.js', '--args', '["job"]'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^1 +1\/50 +"job"/m);
  });
});

describe('bbports run with scripts in folders, importing the game\'s root-absolute /lib/ports.js', () => {
  const dir = mkdtempSync(join(tmpdir(), 'bbports-cli-'));
  for (const [name, text] of Object.entries({
    'lib/ports.js': 'export const PORTS = { JOBS: 10 };\n',
    'jobs/batcher.js': "import { PORTS } from '/lib/ports.js';\nexport async function main(ns) { ns.writePort(PORTS.JOBS, { type: 'hack' }); }\n",
    'worker.js': "import { PORTS } from '/lib/ports.js';\nexport async function main(ns) { await ns.sleep(0); ns.writePort(11, ns.readPort(PORTS.JOBS)); }\n",
  })) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }

  it('--root says where the game\'s root is, for every script', () => {
    const r = bbports(['run', 'jobs/batcher.js', 'worker.js', '--root', '.'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /^11 +1\/50 +\{"type":"hack"\}/m);
  });

  it('without --root, a missing import says where it looked and how to change it', () => {
    const r = bbports(['run', 'jobs/batcher.js'], dir);
    assert.equal(r.code, 1);
    assert.match(r.err, /Ram usage could not be calculated for batcher\.js: lib\/ports\.js is not a script on this server \(imports like \/lib\/ports\.js resolve against .*jobs; to change that: --root DIR\)/);
  });
});

describe('bbports output into a pipe that closes early (bbports --help | head)', () => {
  it('ends quietly, without an EPIPE stack trace', async () => {
    assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
    const child = spawn(process.execPath, [cli, '--help'], { stdio: ['ignore', 'pipe', 'pipe'] });
    // Closed before the CLI has started, so every write it makes hits a closed pipe.
    child.stdout.destroy();
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    const code = await new Promise((done) => child.on('close', done));
    assert.deepEqual({ code, err }, { code: 0, err: '' });
  });
});
