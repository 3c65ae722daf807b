import assert from 'node:assert/strict';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GameServer } from '../../../core/game-link/remote-api/game-server';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../../../core/game-link/sync/file-sync';
import { gamePathProblem } from '../../../core/game-link/sync/game-paths';
import { TestGame } from '../../support/game-client';

let server: GameServer;
let game: TestGame;
let root: string;
const roots: string[] = [];

before(async () => {
  server = new GameServer({ port: 0 });
  const port = await server.start();
  const connected = new Promise<void>((done) => server.onGame.on(done));
  game = await new TestGame({ url: `ws://127.0.0.1:${port}` }).connect();
  await connected;
});
after(async () => {
  await server.stop();
});

async function workspace(files: Record<string, string>): Promise<FileSync> {
  root = await mkdtemp(join(tmpdir(), 'bbports-sync-'));
  roots.push(root);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(join(root, name, '..'), { recursive: true });
    await writeFile(join(root, name), content);
  }
  for (const files of game.servers.values()) files.clear();
  return new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root, maxFileBytes: 100 });
}
after(() => Promise.all(roots.map((r) => rm(r, { recursive: true, force: true }))));

describe('file sync', () => {
  it('pushes every file the game accepts and says why the others stay behind', async () => {
    const sync = await workspace({
      'hack.js': 'export async function main(ns) {}',
      'lib/ports.ts': 'export const A = 1;',
      'data/targets.txt': 'n00dles',
      'notes.md': '# not for the game',
      'my script.js': '',
      'big.js': 'x'.repeat(500),
      'node_modules/dep/index.js': '',
    });
    assert.deepEqual(sync.verdict(join(root, 'notes.md')), { skip: 'the game only takes .js .jsx .ts .tsx .script .txt .json files' });
    assert.deepEqual(sync.verdict(join(root, 'my script.js')), { skip: 'the game refuses spaces in file names' });
    const outcome = await sync.pushAll();
    assert.deepEqual(outcome.done, ['data/targets.txt', 'hack.js', 'lib/ports.ts']);
    assert.equal(outcome.failed.length, 1);
    assert.match(outcome.failed[0]!.error, /big\.js is 0 KB, above the 0 KB limit/);
    assert.deepEqual([...game.servers.get('home')!.keys()].sort(), ['data/targets.txt', 'hack.js', 'lib/ports.ts']);
  });

  it('returns the RAM of a pushed script, and does not resend unchanged content', async () => {
    const sync = await workspace({ 'w.js': 'export async function main(ns) { ns.scan(); }' });
    const first = await sync.push(join(root, 'w.js'));
    assert.equal(first.ram, 1.8);
    const pushes = game.requests.filter((r) => r.method === 'pushFile').length;
    assert.equal((await sync.push(join(root, 'w.js'))).unchanged, true);
    assert.equal(game.requests.filter((r) => r.method === 'pushFile').length, pushes);
    sync.forgetSent();
    assert.equal((await sync.push(join(root, 'w.js'))).unchanged, false, 'after a game (re)connects everything is sent again');
  });

  it('pushes one change once and logs it once, even when two events report it at the same time', async () => {
    // A file written by another tool fires the disk watcher's change (and often create) events together.
    root = await mkdtemp(join(tmpdir(), 'bbports-sync-'));
    roots.push(root);
    await writeFile(join(root, 'ticker12.js'), 'export async function main(ns) {}');
    const lines: string[] = [];
    const sync = new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root }, (line) => lines.push(line));
    const before = game.requests.filter((r) => r.method === 'pushFile').length;
    await Promise.all([sync.push(join(root, 'ticker12.js')), sync.push(join(root, 'ticker12.js'))]);
    assert.equal(game.requests.filter((r) => r.method === 'pushFile').length - before, 1);
    assert.deepEqual(lines, ['pushed ticker12.js to home']);
  });

  it('pushes a script the game cannot size yet (half-written), without a RAM figure', async () => {
    const sync = await workspace({ 'draft.js': 'export async function main(ns) { ns.hack(' });
    assert.deepEqual(await sync.push(join(root, 'draft.js')), { gamePath: 'draft.js', ram: undefined, unchanged: false });
    assert.equal(game.file('draft.js'), 'export async function main(ns) { ns.hack(');
  });

  it('pushes only the files under a folder that appeared (a rename, a checkout)', async () => {
    const sync = await workspace({ 'lib/a.js': 'a', 'lib/deep/b.js': 'b', 'other.js': 'o' });
    assert.deepEqual((await sync.pushAll(join(root, 'lib'))).done, ['lib/a.js', 'lib/deep/b.js']);
    assert.equal(game.file('other.js'), undefined);
  });

  it('pulls new files, and overwrites a differing local file only when the user agrees', async () => {
    const sync = await workspace({ 'a.js': 'local a', 'b.js': 'local b' });
    const home = game.servers.get('home')!;
    home.set('a.js', 'game a');
    home.set('b.js', 'game b');
    home.set('/new/c.js', 'game c');
    const asked: string[][] = [];
    const outcome = await sync.pull(() => true, async (conflicts) => (asked.push(conflicts), ['a.js']));
    assert.deepEqual(asked, [['a.js', 'b.js']]);
    assert.deepEqual(outcome.done.sort(), ['a.js', 'new/c.js']);
    assert.deepEqual(outcome.skipped, [{ file: 'b.js', reason: 'the local file differs and was kept' }]);
    assert.equal(await readFile(join(root, 'a.js'), 'utf8'), 'game a');
    assert.equal(await readFile(join(root, 'b.js'), 'utf8'), 'local b');
    assert.equal(await readFile(join(root, 'new/c.js'), 'utf8'), 'game c');
  });

  it('mirrors a delete by moving the game copy to the trash, and a rename without losing the file', async () => {
    const sync = await workspace({ 'old.js': 'keep me', 'gone.js': 'bye' });
    await sync.pushAll();
    assert.equal(await sync.remove(join(root, 'gone.js')), 'trash/gone.js');
    assert.equal(game.file('trash/gone.js'), 'bye');
    assert.equal(game.file('gone.js'), undefined);
    await rm(join(root, 'old.js'));
    await writeFile(join(root, 'new.js'), 'keep me');
    await sync.rename(join(root, 'old.js'), join(root, 'new.js'));
    assert.equal(game.file('new.js'), 'keep me');
    assert.equal(game.file('trash/old.js'), 'keep me');
    assert.equal(await sync.remove(join(root, 'never-there.js')), undefined);
  });

  it('knows the game\'s path rules', () => {
    assert.equal(gamePathProblem('lib/a.js'), undefined);
    assert.equal(gamePathProblem('/lib/a.js'), undefined);
    assert.match(gamePathProblem('a/../b.js')!, /"\.\."/);
    assert.match(gamePathProblem('a#b.js')!, /"#"/);
    assert.match(gamePathProblem('lib/.js')!, /needs a name/);
  });
});
