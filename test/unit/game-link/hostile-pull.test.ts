// Pull against a hostile game (issue 13): the game names the files, so it must not get to write outside the sync
// folder (through links), nor the tool's own files, nor crash pull with answers of the wrong shape.
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it, type TestContext } from 'node:test';
import { WebSocket } from 'ws';
import { GameServer } from '../../../core/game-link/remote-api/game-server';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../../../core/game-link/sync/file-sync';
import { TestGame } from '../../support/game-client';

let server: GameServer;
let url: string;
let base: string;
before(async () => {
  server = new GameServer({ port: 0 });
  url = `ws://127.0.0.1:${await server.start()}`;
  base = await mkdtemp(join(tmpdir(), 'bbports-hostile-pull-'));
});
after(async () => {
  await server.stop();
  await rm(base, { recursive: true, force: true });
});

/** Connects `ws` as the game; once the test ends it leaves, and the server has let it go, for the next test's game. */
async function asTheGame(t: TestContext, connect: () => Promise<WebSocket>): Promise<void> {
  const connected = new Promise<void>((done) => {
    const stop = server.onGame.on(() => (stop(), done()));
  });
  const ws = await connect();
  await connected;
  t.after(() => {
    const gone = new Promise<void>((done) => {
      const stop = server.onStatus.on((s) => s.state !== 'connected' && (stop(), done()));
    });
    ws.close();
    return gone;
  });
}

/** A game whose home server holds exactly these files, names as given (a hostile game sends any name). */
async function gameWith(t: TestContext, files: Record<string, string>): Promise<TestGame> {
  const game = new TestGame({ url });
  await asTheGame(t, async () => (await game.connect()).socket);
  for (const [name, content] of Object.entries(files)) game.servers.get('home')!.set(name, content);
  return game;
}

async function folders(name: string): Promise<{ root: string; outside: string }> {
  const root = join(base, name, 'root');
  const outside = join(base, name, 'outside');
  await mkdir(root, { recursive: true });
  await mkdir(outside, { recursive: true });
  return { root, outside };
}

const pullAll = (root: string) => new FileSync(server, { ...DEFAULT_SYNC_OPTIONS, root }).pull(() => true, async (c) => c);

describe('hostile pull: real paths, not the path text', () => {
  it('refuses to write through a folder link or a file link that leads out of the sync folder', async (t) => {
    const { root, outside } = await folders('links');
    await symlink(outside, join(root, 'linkdir'), 'junction');
    await writeFile(join(outside, 'target.js'), 'precious');
    await symlink(join(outside, 'target.js'), join(root, 'a.js'));
    await symlink(join(outside, 'nothing-yet.js'), join(root, 'dangling.js'));
    await gameWith(t, { 'linkdir/escaped.js': 'evil', 'a.js': 'evil', 'dangling.js': 'evil', 'fine/ok.js': 'ok' });
    const outcome = await pullAll(root);
    assert.deepEqual(outcome.done, ['fine/ok.js']);
    const reasons = Object.fromEntries(outcome.skipped.map((s) => [s.file, s.reason]));
    assert.match(reasons['linkdir/escaped.js']!, /outside the sync folder, at .*outside.escaped\.js \(a link on the way leads out\)/);
    assert.match(reasons['a.js']!, /outside the sync folder/);
    assert.match(reasons['dangling.js']!, /a link that leads nowhere/);
    assert.equal(existsSync(join(outside, 'escaped.js')), false);
    assert.equal(existsSync(join(outside, 'nothing-yet.js')), false);
    assert.equal(await readFile(join(outside, 'target.js'), 'utf8'), 'precious');
  });

  it('refuses a link inside the folder that points at the tool\'s own file', async (t) => {
    const { root } = await folders('inner-link');
    await writeFile(join(root, 'bbports.json'), '{"processes":[]}');
    await symlink(join(root, 'bbports.json'), join(root, 'notes.json'));
    await gameWith(t, { 'notes.json': '{"processes":[{"name":"x","command":"calc"}]}' });
    const outcome = await pullAll(root);
    assert.deepEqual(outcome.done, []);
    assert.match(outcome.skipped[0]!.reason, /through a link it would be written as bbports\.json: bbports\.json is this tool's own file/);
    assert.equal(await readFile(join(root, 'bbports.json'), 'utf8'), '{"processes":[]}');
  });
});

describe('hostile pull: never the tool\'s own files', () => {
  it('skips bbports.json (however spelled), bbports-bridge.json and dot-folders, saying why', async (t) => {
    const { root } = await folders('own-files');
    const names = ['bbports.json', 'x/../bbports.json', '/BBPorts.json', 'sub/bbports.json', 'bbports-bridge.json', '.vscode/settings.json', '.git/hooks/x.js', 'ok.js'];
    await gameWith(t, Object.fromEntries(names.map((n) => [n, '{"processes":[{"name":"pwn","command":"sh"}]}'])));
    const outcome = await pullAll(root);
    assert.deepEqual(outcome.done, ['ok.js']);
    assert.equal(outcome.skipped.length, names.length - 1);
    for (const s of outcome.skipped) assert.match(s.reason, /this tool's own file|dot-folder|"\.\." segments/, s.file);
    assert.equal(existsSync(join(root, 'bbports.json')), false);
    assert.equal(existsSync(join(root, 'BBPorts.json')), false);
    assert.equal(existsSync(join(root, 'sub/bbports.json')), false);
    assert.equal(existsSync(join(root, '.vscode')), false);
  });
});

describe('hostile pull: answers of the wrong shape', () => {
  for (const [what, result, message] of [
    ['an object instead of a list', { files: 'none' }, /the game answered getAllFiles with \{"files":"none"\} \(an object\): not a list of \{filename, content\} texts/],
    ['a file whose name is a number', [{ filename: 5, content: 'x' }], /the game answered getAllFiles with \[\{"filename":5,"content":"x"\}\] \(a list\): a list whose item 0 is \{"filename":5,"content":"x"\} \(an object\)/],
    ['a file without content', [{ filename: 'a.js' }], /item 0 is \{"filename":"a\.js"\} \(an object\), not \{filename, content\} texts/],
  ] as const) {
    it(`says what the game sent: ${what}`, async (t) => {
      const { root } = await folders(`shape-${what.length}`);
      await asTheGame(t, async () => {
        const ws = new WebSocket(url, { origin: 'https://bitburner-official.github.io' });
        ws.on('message', (data) => ws.send(JSON.stringify({ id: (JSON.parse(data.toString()) as { id: number }).id, result })));
        return ws;
      });
      await assert.rejects(pullAll(root), message);
    });
  }
});
