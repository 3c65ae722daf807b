import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it, type TestContext } from 'node:test';
import { GameServer } from '../../../core/game-link/remote-api/game-server';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../../../core/game-link/sync/file-sync';
import { SyncLedger, type LedgerData } from '../../../core/game-link/sync/ledger';
import { pushStale, reconcile, revertedScriptsNotice, summarize } from '../../../core/game-link/sync/reconcile';
import { TestGame, type GameVersion } from '../../support/game-client';

/** A real server, a test game of that version connected to it, and a sync folder with these files. */
async function scene(t: TestContext, version: GameVersion, files: Record<string, string>, ledger = new SyncLedger()) {
  const server = new GameServer({ port: 0 });
  const port = await server.start();
  const connected = new Promise<void>((done) => server.onGame.on(done));
  const game = await new TestGame({ url: `ws://127.0.0.1:${port}`, version }).connect();
  await connected;
  const root = await mkdtemp(join(tmpdir(), 'bbports-reconcile-'));
  t.after(async () => {
    await server.stop();
    await rm(root, { recursive: true, force: true });
  });
  for (const [name, content] of Object.entries(files)) await put(root, name, content);
  const sync = new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root }, () => {}, ledger);
  return { game, root, sync, home: game.servers.get('home')! };
}

async function put(root: string, name: string, content: string): Promise<void> {
  await mkdir(join(root, name, '..'), { recursive: true });
  await writeFile(join(root, name), content);
}

describe('reconcile on connect', () => {
  it('on a first connect, tells what to push from what only the game has or the game changed, and touches nothing', async (t) => {
    const { game, sync, home } = await scene(t, '2.7', { 'same.js': 'same', 'edited.js': 'mine', 'new.js': 'new', 'notes.md': 'not a game file' });
    home.set('same.js', 'same');
    home.set('edited.js', 'the game\'s');
    home.set('ingame.js', 'only there');
    home.set('bbports-bridge.js', 'bridge');
    home.set('trash/old.js', 'trashed');
    const pushesBefore = game.requests.filter((r) => r.method === 'pushFile').length;
    const report = await reconcile(sync);
    assert.equal(report.by, 'content', '2.x has no metadata methods');
    assert.deepEqual(report.inSync, ['same.js']);
    assert.deepEqual(report.toPush.map((f) => [f.gamePath, f.why]), [['new.js', 'missing']]);
    assert.deepEqual(report.changedInGame.map((f) => f.gamePath), ['edited.js']);
    assert.deepEqual(report.onlyInGame, ['ingame.js']);
    assert.equal(summarize(report), '1 to push, 1 only in the game, 1 changed in the game');
    assert.equal(game.requests.filter((r) => r.method === 'pushFile').length, pushesBefore);
  });

  it('after a reload to an older save, pushes the newer version and tells the player the running copy is old', async (t) => {
    const { sync, root, home } = await scene(t, '2.7', { 'read9.js': 'v1' });
    await sync.push(join(root, 'read9.js'));
    await put(root, 'read9.js', 'v2');
    await sync.push(join(root, 'read9.js'));
    home.set('read9.js', 'v1'); // the game reloads its save, made before the edit
    sync.forgetSent();
    const report = await reconcile(sync);
    assert.deepEqual(report.toPush.map((f) => [f.gamePath, f.why]), [['read9.js', 'stale']]);
    assert.match(revertedScriptsNotice(report, 'home')!, /older copies of read9\.js .*kill it and run it again/);
    assert.deepEqual((await pushStale(sync, report)).done, ['read9.js']);
    assert.equal(home.get('read9.js'), 'v2');
    assert.equal(summarize(await reconcile(sync)), 'all 1 file(s) in sync');
  });

  it('never overwrites a file changed in the game after the last sync', async (t) => {
    const { sync, root, game, home } = await scene(t, '3', { 'hack.js': 'mine' });
    await sync.push(join(root, 'hack.js'));
    game.edit('hack.js', 'edited in the game');
    const report = await reconcile(sync);
    assert.equal(report.by, 'metadata');
    assert.deepEqual(report.changedInGame.map((f) => f.gamePath), ['hack.js']);
    await pushStale(sync, report);
    assert.equal(home.get('hack.js'), 'edited in the game');
  });

  it('with 3.x metadata, knows a copy older than the last push is stale even when its content was never seen', async (t) => {
    const { sync, root, game, home } = await scene(t, '3', { 'w.js': 'v3' });
    await sync.push(join(root, 'w.js'));
    const pushedAt = sync.ledger.entry('home', 'w.js')!.at;
    home.set('w.js', 'from an old save of another machine');
    game.mtimes.set('home:w.js', pushedAt - 60_000);
    assert.deepEqual((await reconcile(sync)).toPush.map((f) => [f.gamePath, f.why]), [['w.js', 'stale']]);
  });

  it('remembers the versions across sessions through its store, and survives a damaged store', async (t) => {
    let saved: LedgerData = {};
    const store = { load: () => saved, save: (d: LedgerData) => (saved = JSON.parse(JSON.stringify(d))) };
    const first = await scene(t, '2.7', { 'a.js': 'v1' }, new SyncLedger(store));
    await first.sync.push(join(first.root, 'a.js'));
    const next = await scene(t, '2.7', { 'a.js': 'v2' }, new SyncLedger(store));
    next.home.set('a.js', 'v1');
    assert.deepEqual((await reconcile(next.sync)).toPush.map((f) => f.why), ['stale']);
    const damaged = new SyncLedger({ load: () => ({ 'home:a.js': { hashes: 'oops' } }), save: () => {} });
    assert.equal(damaged.entry('home', 'a.js'), undefined);
  });
});
