// The registry against floods, a folder it cannot write, two writers and a hostile file (issue 13). Real files; the
// read-only folder is a real one (see readOnly below).
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';
import { JsonFileStore, PortRegistry, RegistryError, type PortOwner } from '../../../core/registry';

const planner: PortOwner = { kind: 'process', tag: 'planner' };
const worker: PortOwner = { kind: 'script', hostname: 'home', pid: 42 };

function tempDir(): string {
  return mkdtempSync(join(tmpdir(), 'bbports-hostile-registry-'));
}

/**
 * Makes a folder really read-only and returns the undo. root ignores permission bits, so as root the folder is bound
 * onto itself read-only (a read-only mount: EROFS for everyone); a normal user gets chmod 555.
 */
function readOnly(dir: string): () => void {
  if (process.getuid?.() !== 0) {
    chmodSync(dir, 0o555);
    return () => chmodSync(dir, 0o755);
  }
  const run = (...args: string[]) => assert.equal(spawnSync('mount', args).status, 0, `mount ${args.join(' ')}`);
  run('--bind', dir, dir);
  run('-o', 'remount,bind,ro', dir);
  return () => assert.equal(spawnSync('umount', [dir]).status, 0);
}

function unsaved(work: () => unknown): RegistryError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof RegistryError && error.code === 'unsaved', String(error));
    return error;
  }
  assert.fail('the change went through although it could not be saved');
}

describe('hostile registry: memory never disagrees with the file', () => {
  it('on a read-only folder, refuses allocate and reserve with a clear message, holds nothing, and works once writable', () => {
    const dir = tempDir();
    const path = join(dir, 'port-registry.json');
    new PortRegistry({ store: new JsonFileStore(path) }).allocate(planner);
    const registry = new PortRegistry({ store: new JsonFileStore(path) });
    const before = registry.status();
    let heard = 0;
    registry.onChange(() => heard++);
    const undo = readOnly(dir);
    try {
      const error = unsaved(() => registry.allocate(worker));
      assert.match(error.message, /port-registry\.json could not be saved: its folder cannot be written \(.*\)\. Make .* writable \(or free space\) and try again\. Nothing was changed\./);
      assert.equal(registry.holder(1025), undefined, 'the port is not held in memory');
      unsaved(() => registry.reserve(2000, worker));
      unsaved(() => registry.reserve(2000, worker));
      assert.equal(registry.holder(2000), undefined, 'the retry does not pretend it worked');
      unsaved(() => registry.release(1024, planner));
      assert.deepEqual(registry.handle({ id: 1, type: 'allocate', owner: { tag: 'x' } }).ok, false);
      assert.deepEqual(registry.status(), before);
      assert.equal(heard, 0, 'no listener heard of a change that did not happen');
    } finally {
      undo();
    }
    assert.equal(registry.allocate(worker), 1025);
    assert.deepEqual(new PortRegistry({ store: new JsonFileStore(path) }).status().reserved.map((r) => r.port), [1024, 1025]);
    assert.deepEqual(readdirSync(dir).filter((f) => f.endsWith('.tmp')), [], 'no temp file left behind');
  });

  it('writes a temp file of its own: a leftover or another writer\'s <file>.tmp does not stop it', () => {
    const dir = tempDir();
    const path = join(dir, 'port-registry.json');
    mkdirSync(`${path}.tmp`);
    const registry = new PortRegistry({ store: new JsonFileStore(path) });
    assert.equal(registry.allocate(planner), 1024);
    assert.equal(JSON.parse(readFileSync(path, 'utf8')).reservations.length, 1);
  });

  it('two processes writing the same file (two folderless windows) both run to the end', async () => {
    const dir = tempDir();
    const path = join(dir, 'port-registry.json');
    const store = resolve(__dirname, '../../../core/registry/index.ts');
    const script = `const { PortRegistry, JsonFileStore } = require(${JSON.stringify(store)});
      const r = new PortRegistry({ store: new JsonFileStore(${JSON.stringify(path)}) });
      const me = { tag: process.argv[1] };
      for (let i = 0; i < 400; i++) r.release(r.allocate(me), me);`;
    const run = (tag: string) =>
      new Promise<{ code: number | null; err: string }>((done) => {
        const child = spawn(process.execPath, ['--import', 'tsx', '-e', script, tag], { stdio: ['ignore', 'ignore', 'pipe'] });
        let err = '';
        child.stderr.on('data', (d) => (err += d));
        child.on('exit', (code) => done({ code, err }));
      });
    const results = await Promise.all([run('a'), run('b')]);
    for (const r of results) assert.equal(r.code, 0, r.err);
    assert.ok(statSync(path).isFile());
  });
});

describe('hostile registry: a file with values outside the game\'s port rules', () => {
  it('hands out the last port there is and then says so, instead of looping for ever', { timeout: 20_000 }, () => {
    const path = join(tempDir(), 'r.json');
    writeFileSync(path, JSON.stringify({ version: 1, next: Number.MAX_SAFE_INTEGER, free: [], reservations: [] }));
    const registry = new PortRegistry({ store: new JsonFileStore(path) });
    assert.equal(registry.allocate(planner), Number.MAX_SAFE_INTEGER);
    assert.throws(() => registry.allocate(planner), (e: unknown) => e instanceof RegistryError && e.code === 'limit' && /every port up to 9007199254740991 has been issued/.test(e.message));
    assert.deepEqual(registry.offer(5), []);
  });

  it('leaves out ports 0 and -5, a second owner of one port and bad free entries, reports each, and keeps the file as it was', () => {
    const path = join(tempDir(), 'r.json');
    const content = JSON.stringify({
      version: 1,
      next: 1030,
      free: [1025, 1025, 0, 1026, 5000, 'x'],
      reservations: [
        { port: 1026, owner: { tag: 'first' }, since: 1 },
        { port: 1026, owner: { tag: 'second' }, since: 2 },
        { port: 0, owner: { tag: 'zero' }, since: 3 },
        { port: -5, owner: { tag: 'negative' }, since: 4 },
        { port: 1027, owner: { hostname: 'home', pid: 0 }, since: 5 },
        { port: 1028, owner: { tag: 'ok' }, since: 'yesterday' },
      ],
    });
    writeFileSync(path, content);
    const warnings: string[] = [];
    const registry = new PortRegistry({ store: new JsonFileStore(path, (m) => warnings.push(m)) });
    assert.deepEqual(registry.status().reserved.map((r) => [r.port, r.owner, r.since]), [[1026, { kind: 'process', tag: 'first' }, 1], [1028, { kind: 'process', tag: 'ok' }, 0]]);
    assert.deepEqual(registry.status().free, [1025]);
    assert.equal(warnings.length, 1);
    assert.match(warnings[0]!, /had 9 entries that break the game's port rules, left out: reservation .*"second".*reserved twice \(kept the first, process:first\); reservation .*"zero".*0 is not a port .*; and 4 more\. The file as it was is kept at .*r\.json\.set-aside-\d+/);
    const copy = readdirSync(join(path, '..')).find((f) => f.includes('.set-aside-'))!;
    assert.equal(readFileSync(join(path, '..', copy), 'utf8'), content, 'nothing is lost');
  });

  it('refuses a "next" that is not a port, carrying on above the reserved ports', () => {
    const path = join(tempDir(), 'r.json');
    writeFileSync(path, JSON.stringify({ version: 1, next: 2 ** 60, free: [], reservations: [{ port: 1500, owner: { tag: 't' }, since: 0 }] }));
    const warnings: string[] = [];
    const registry = new PortRegistry({ store: new JsonFileStore(path, (m) => warnings.push(m)) });
    assert.match(warnings[0]!, /had 1 entry that breaks the game's port rules, left out: "next" 1152921504606847000 is not a port .*; using 1501, one past the highest reserved port/);
    assert.equal(registry.allocate(planner), 1501);
  });
});

describe('hostile registry: floods', () => {
  it('2,000 requests for 50 free ports each take at most 100 in all; the file stays small', () => {
    const path = join(tempDir(), 'r.json');
    const registry = new PortRegistry({ store: new JsonFileStore(path) });
    let offered = 0;
    for (let i = 0; i < 2_000; i++) offered += registry.offer(50).length;
    assert.equal(offered, 100);
    assert.equal(registry.status().offered.length, 100);
    assert.ok(statSync(path).size < 4_096, `${statSync(path).size} bytes`);
    registry.withdrawOffers();
    assert.equal(registry.offer(1e9).length, 100, 'one request takes no more than the bound either');
  });

  it('bounds the ports one owner holds, and all owners together, with a message saying so', () => {
    const registry = new PortRegistry({ maxPerOwner: 20, maxReserved: 30 });
    for (let i = 0; i < 20; i++) registry.allocate(planner);
    assert.throws(() => registry.allocate(planner), /process "planner" already holds 20 ports, the most one owner may hold; release some first/);
    assert.throws(() => registry.reserve(5, planner), /already holds 20 ports/);
    for (let i = 0; i < 10; i++) registry.allocate({ kind: 'script', hostname: 'home', pid: i + 1 });
    assert.deepEqual(registry.handle({ id: 9, type: 'allocate', owner: { hostname: 'home', pid: 99 } }), { id: 9, ok: false, error: 'the registry already holds 30 ports, its limit; release ports that are no longer used first' });
    assert.equal(registry.status().reserved.length, 30);
  });

  it('refuses owner names longer than any game host or sensible tag', () => {
    const registry = new PortRegistry();
    assert.deepEqual(registry.handle({ id: 1, type: 'allocate', owner: { tag: 'x'.repeat(100_000) } }), { id: 1, ok: false, error: "an owner's tag or hostname may be at most 256 characters" });
    assert.equal(registry.status().reserved.length, 0);
  });
});
