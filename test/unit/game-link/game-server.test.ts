import assert from 'node:assert/strict';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { GameServer, PortInUseError, type LinkStatus } from '../../../core/game-link/remote-api/game-server';
import { connectionAllowed, originAllowed, DEFAULT_ALLOWED_ORIGINS } from '../../../core/game-link/remote-api/origin';
import { GameError, isMissingFileError } from '../../../core/game-link/remote-api/protocol';
import { GAME_TEXTS, TestGame, type GameVersion } from '../../support/game-client';

const servers: GameServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

async function serve(options: ConstructorParameters<typeof GameServer>[0] = {}): Promise<{ server: GameServer; url: string }> {
  const server = new GameServer({ port: 0, ...options });
  servers.push(server);
  const port = await server.start();
  return { server, url: `ws://127.0.0.1:${port}` };
}

function nextStatus(server: GameServer, state: LinkStatus['state']): Promise<LinkStatus> {
  return new Promise((resolve) => {
    const stop = server.onStatus.on((s) => {
      if (s.state !== state) return;
      stop();
      resolve(s);
    });
  });
}

/** The game's refusal of a call. */
async function refusal(call: Promise<unknown>): Promise<GameError> {
  const error = await call.then(() => undefined, (e: unknown) => e);
  assert.ok(error instanceof GameError, `the game refused: ${String(error)}`);
  return error;
}

/** A game that connects and then never answers anything. */
async function silentGame(server: GameServer, url: string): Promise<WebSocket> {
  const connected = nextStatus(server, 'connected');
  const socket = new WebSocket(url, { origin: 'https://bitburner-official.github.io' });
  await Promise.all([connected, new Promise((open) => socket.once('open', open))]);
  return socket;
}

async function connectGame(server: GameServer, url: string, version: GameVersion = '3'): Promise<TestGame> {
  const connected = nextStatus(server, 'connected');
  const game = await new TestGame({ url, version }).connect();
  await connected;
  return game;
}

describe('Remote API server: calls', () => {
  it('pushes, reads, lists and deletes files as typed calls', async () => {
    const { server, url } = await serve();
    const game = await connectGame(server, url);
    assert.equal(await server.call('pushFile', { filename: 'lib/ports.js', content: 'export const A = 1;', server: 'home' }), 'OK');
    assert.equal(await server.call('getFile', { filename: 'lib/ports.js', server: 'home' }), 'export const A = 1;');
    assert.deepEqual(await server.call('getFileNames', { server: 'home' }), ['lib/ports.js']);
    assert.equal(await server.call('calculateRam', { filename: 'lib/ports.js', server: 'home' }), 1.6);
    assert.deepEqual((await server.call('getAllServers')).map((s) => s.hostname), ['home', 'n00dles']);
    assert.equal(await server.call('deleteFile', { filename: 'lib/ports.js', server: 'home' }), 'OK');
    assert.equal(game.file('lib/ports.js'), undefined);
    assert.deepEqual(game.requests.map((r) => r.method), ['pushFile', 'getFile', 'getFileNames', 'calculateRam', 'getAllServers', 'deleteFile']);
  });

  for (const version of ['2.7', '3'] as const) {
    it(`surfaces game ${version}'s error texts exactly as the game wrote them`, async () => {
      const { server, url } = await serve();
      await connectGame(server, url, version);
      const texts = GAME_TEXTS[version];
      const missing = await refusal(server.call('getFile', { filename: 'nope.js', server: 'home' }));
      assert.equal(missing.gameText, texts.noFile('nope.js'));
      assert.ok(isMissingFileError(missing), 'both versions\' "missing file" texts are recognised');
      const badHost = await refusal(server.call('getFileNames', { server: 'nowhere' }));
      assert.equal(badHost.gameText, texts.badHost('nowhere'));
      const unknown = await refusal((server.call as (m: string) => Promise<unknown>)('runScript'));
      assert.equal(unknown.gameText, 'Unknown message received');
      assert.match(unknown.message, /runScript: Unknown message received/);
    });
  }

  it('says what to do when no game is connected', async () => {
    const { server } = await serve();
    await assert.rejects(server.call('getAllServers'), /no game is connected\. In the game open Options → Remote API, set port \d+ and press Connect/);
  });

  it('gives up on a game that never answers, with a message, and keeps the connection', async () => {
    const { server, url } = await serve({ callTimeoutMs: 50 });
    const silent = await silentGame(server, url);
    await assert.rejects(server.call('getAllServers'), /getAllServers: the game did not answer within 0 s/);
    assert.equal(server.status.state, 'connected');
    silent.close();
  });
});

describe('Remote API server: bad input never crashes it', () => {
  it('ignores invalid JSON, non-replies and unknown ids, then answers the next call', async () => {
    const logs: string[] = [];
    const { server, url } = await serve({ log: (l) => logs.push(l) });
    const game = await connectGame(server, url);
    game.sendRaw('{not json');
    game.sendRaw('"just a string"');
    game.sendRaw(JSON.stringify({ jsonrpc: '2.0', id: 999, result: 'OK' }));
    game.sendRaw(JSON.stringify({ jsonrpc: '2.0', method: 'hello' }));
    assert.equal(await server.call('pushFile', { filename: 'a.js', content: '', server: 'home' }), 'OK');
    assert.ok(logs.some((l) => l.includes('unknown id 999')));
    assert.ok(logs.some((l) => l.includes('{not json')));
  });

  it('closes a connection that sends a frame above the size limit and keeps serving', async () => {
    const { server, url } = await serve({ maxPayload: 1024 });
    const game = await connectGame(server, url);
    const closed = game.closed();
    game.sendRaw('x'.repeat(4096));
    assert.equal((await closed).code, 1009);
    const again = await connectGame(server, url);
    assert.equal(await server.call('pushFile', { filename: 'b.js', content: 'ok', server: 'home' }), 'OK');
    assert.equal(again.file('b.js'), 'ok');
  });

  it('tells the user when the port is taken, and what to do', async () => {
    const { server } = await serve();
    const second = new GameServer({ port: server.status.port });
    const failure = await second.start().catch((e: unknown) => e);
    assert.ok(failure instanceof PortInUseError);
    assert.match(failure.message, /already in use .* choose another port and set the same one in the game under Options → Remote API/);
    assert.equal(second.status.state, 'error');
  });
});

describe('Remote API server: one game, liveness, reconnects', () => {
  it('a game closing with code 3000 leaves the server reconnecting; the game coming back is served again', async () => {
    const { server, url } = await serve();
    const game = await connectGame(server, url);
    const reconnecting = nextStatus(server, 'reconnecting');
    await game.leave();
    assert.equal((await reconnecting).detail, 'the game closed the connection');
    const back = await connectGame(server, url);
    await server.call('pushFile', { filename: 'c.js', content: '1', server: 'home' });
    assert.equal(back.file('c.js'), '1');
  });

  it('calls in flight fail with a clear message when the game goes away', async () => {
    const { server, url } = await serve();
    const silent = await silentGame(server, url);
    const call = server.call('getSaveFile');
    silent.close(3000);
    await assert.rejects(call, /getSaveFile: the game went away before answering \(the game closed the connection\)/);
  });

  it('refuses a second game while the first answers pings', async () => {
    const { server, url } = await serve();
    const first = await connectGame(server, url);
    const second = await new TestGame({ url }).connect();
    assert.deepEqual(await second.closed(), { code: 1013, reason: 'another game is connected' });
    await server.call('pushFile', { filename: 'd.js', content: '1', server: 'home' });
    assert.equal(first.file('d.js'), '1');
  });

  it('a game replacing its own connection ends linked on the new one (Connect closes the old socket as it opens a new)', async () => {
    const { server, url } = await serve();
    const old = await connectGame(server, url);
    let refused: { code: number; reason: string } | undefined;
    const checked = old.pinged();
    const fresh = await new TestGame({ url }).connect();
    void fresh.closed().then((c) => (refused = c));
    const takeover = nextStatus(server, 'connected');
    // As seen with the real game: the old socket still answers the server's ping, and its close comes just after.
    await checked;
    await old.leave(1001);
    await takeover;
    await server.call('pushFile', { filename: 'f.js', content: '1', server: 'home' });
    assert.equal(fresh.file('f.js'), '1', 'the new connection is the game');
    assert.equal(refused, undefined);
  });

  it('lets a new game take over from one that stopped answering pings', async () => {
    const { server, url } = await serve({ pongTimeoutMs: 30 });
    const asleep = new TestGame({ url, answerPings: false });
    const connected = nextStatus(server, 'connected');
    await asleep.connect();
    await connected;
    const takeover = nextStatus(server, 'connected');
    const fresh = await new TestGame({ url }).connect();
    await takeover;
    await server.call('pushFile', { filename: 'e.js', content: '1', server: 'home' });
    assert.equal(fresh.file('e.js'), '1');
    assert.equal(asleep.file('e.js'), undefined);
  });
});

describe('Remote API server: only the game may connect', () => {
  it('refuses a web page from a foreign Origin', async () => {
    const logs: string[] = [];
    const { url } = await serve({ log: (l) => logs.push(l) });
    await assert.rejects(new TestGame({ url, origin: 'https://evil.example' }).connect(), /refused with HTTP 403/);
    assert.ok(logs.some((l) => l.includes('https://evil.example') && l.includes('allowedOrigins')));
  });

  it('accepts the web game and local copies on any port; refuses null, file:// and no Origin unless listed', () => {
    for (const origin of ['https://bitburner-official.github.io', 'http://localhost:8000', 'http://127.0.0.1:3000', 'http://localhost']) {
      assert.ok(originAllowed(origin, DEFAULT_ALLOWED_ORIGINS), `${origin} is allowed`);
    }
    for (const origin of ['https://bitburner-official.github.io.evil.example', 'http://localhost.evil.example', 'http://127.0.0.1:80x', 'https://example.com', 'null', 'file://', undefined]) {
      assert.ok(!originAllowed(origin, DEFAULT_ALLOWED_ORIGINS), `${origin} is refused`);
    }
    assert.ok(originAllowed('null', [...DEFAULT_ALLOWED_ORIGINS, 'null']), 'the player can allow null by name');
  });

  it('recognises the desktop app by Origin null with its own User-Agent, not by null alone', () => {
    const desktop = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) bitburner/2.6.1 Chrome/116.0.5845.190 Electron/26.3.0 Safari/537.36';
    const browser = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    assert.ok(connectionAllowed({ origin: 'null', userAgent: desktop }, DEFAULT_ALLOWED_ORIGINS));
    assert.ok(!connectionAllowed({ origin: 'null', userAgent: browser }, DEFAULT_ALLOWED_ORIGINS), 'a sandboxed frame in a browser');
    assert.ok(!connectionAllowed({ origin: 'https://evil.example', userAgent: desktop }, DEFAULT_ALLOWED_ORIGINS));
    assert.ok(!connectionAllowed({ origin: undefined, userAgent: desktop }, DEFAULT_ALLOWED_ORIGINS));
  });
});
