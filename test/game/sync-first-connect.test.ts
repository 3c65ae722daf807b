// A workspace's first connect to the real game (Bitburner 2.6.1), whose home already holds files: reconcile tells what
// to push from what exists only in the game or differs there, pushes only the first, and the test double (which
// stands in for 3.x's metadata methods elsewhere) answers as the real game does where both answer.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { GameServer } from '../../core/game-link/remote-api/game-server';
import { GameError } from '../../core/game-link/remote-api/protocol';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../../core/game-link/sync/file-sync';
import { pushStale, reconcile, summarize, type SyncReport } from '../../core/game-link/sync/reconcile';
import { TestGame } from '../support/game-client';
import { launchGame, type Game } from './driver';
import { freePort } from './serve';

const FILES = {
  'same.js': 'export async function main(ns) { ns.tprint("same"); }\n',
  'mine.js': 'export async function main(ns) { ns.tprint("the folder\'s mine.js"); }\n',
  'new.js': 'export async function main(ns) { ns.tprint("new.js from the folder"); }\n',
};
/** What the game's home held before this workspace ever connected (the player's own work). */
const IN_GAME = { 'same.js': FILES['same.js'], 'mine.js': 'export async function main(ns) { ns.tprint("edited in the game"); }\n', 'game-only.js': 'export async function main(ns) {}\n' };

function connected(server: GameServer): Promise<void> {
  return server.connected ? Promise.resolve() : new Promise((done) => server.onGame.on(done));
}

/** The report without its time, for comparing two games. */
const shape = (r: SyncReport) => ({ ...r, at: 0, toPush: r.toPush.map((f) => [f.gamePath, f.why]), changedInGame: r.changedInGame.map((f) => f.gamePath) });

describe('first connect of a workspace to a game that already has files', () => {
  let game: Game;
  let server: GameServer;
  let root: string;
  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'bbports-first-'));
    for (const [name, content] of Object.entries(FILES)) writeFileSync(join(root, name), content);
    server = new GameServer({ port: await freePort() });
    const port = await server.start();
    game = await launchGame();
    const linked = connected(server);
    await game.connect(port);
    await linked;
    for (const [filename, content] of Object.entries(IN_GAME)) await server.call('pushFile', { filename, content, server: 'home' });
  });
  after(async () => {
    await game?.close();
    await server?.stop();
  });

  it('summarizes what to push, what only the game has and what the game changed, and overwrites nothing of the game\'s', async () => {
    const sync = new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root });
    const report = await reconcile(sync);
    assert.equal(report.by, 'content', '2.6.1 has no metadata methods');
    assert.equal(summarize(report), '1 to push, 1 only in the game, 1 changed in the game');
    assert.deepEqual(shape(report).toPush, [['new.js', 'missing']]);
    assert.deepEqual(shape(report).changedInGame, ['mine.js']);
    assert.deepEqual(report.onlyInGame, ['game-only.js']);
    assert.deepEqual((await pushStale(sync, report)).done, ['new.js']);
    assert.equal(await server.call('getFile', { filename: 'mine.js', server: 'home' }), IN_GAME['mine.js']);
    await game.terminal('run mine.js');
    await game.waitForTerminal(/edited in the game/);
    await game.terminal('run new.js');
    await game.waitForTerminal(/new\.js from the folder/);
  });

  it('gets the same answers from the test double as from the real game', async () => {
    const real = await server.call('getAllFileMetadata', { server: 'home' }).then(
      () => 'answered',
      (e: unknown) => (e instanceof GameError ? e.gameText : String(e)),
    );
    const doubleServer = new GameServer({ port: 0 });
    const port = await doubleServer.start();
    try {
      const linked = connected(doubleServer);
      const double = await new TestGame({ url: `ws://127.0.0.1:${port}`, version: '2.7' }).connect();
      await linked;
      const names = (await server.call('getFileNames', { server: 'home' })).filter((n) => n !== 'new.js');
      for (const name of names) double.servers.get('home')!.set(name, await server.call('getFile', { filename: name, server: 'home' }));
      const fake = await doubleServer.call('getAllFileMetadata', { server: 'home' }).then(
        () => 'answered',
        (e: unknown) => (e instanceof GameError ? e.gameText : String(e)),
      );
      assert.equal(fake, real, 'both refuse the 3.x metadata method in the same words');
      const fromDouble = await reconcile(new FileSync(doubleServer, { ...DEFAULT_SYNC_OPTIONS, root }));
      const fromGame = await reconcile(new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root }));
      // The real game now has new.js (pushed above); the double is given the game's files from before that push.
      assert.deepEqual(shape(fromDouble), { ...shape(fromGame), inSync: ['same.js'], toPush: [['new.js', 'missing']] });
    } finally {
      await doubleServer.stop();
    }
  });
});
