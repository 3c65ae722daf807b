// A hostile page, a hostile game and hostile strangers against the Remote API server (issue 13): real sockets on
// 127.0.0.1, the server in this process, so anything that would crash it fails the test run.
import assert from 'node:assert/strict';
import { connect, type Socket } from 'node:net';
import { after, describe, it } from 'node:test';
import { WebSocket } from 'ws';
import { GameLink } from '../../../core/game-link/link';
import { GameServer, type LinkStatus } from '../../../core/game-link/remote-api/game-server';
import { askAboutRefusedOrigins } from '../../../core/game-link/remote-api/origin-questions';
import { GameError } from '../../../core/game-link/remote-api/protocol';
import { TestGame } from '../../support/game-client';

const GAME_ORIGIN = 'https://bitburner-official.github.io';
const servers: GameServer[] = [];
after(async () => {
  for (const s of servers) await s.stop();
});

async function serve(options: ConstructorParameters<typeof GameServer>[0] = {}): Promise<{ server: GameServer; port: number; url: string; logs: string[] }> {
  const logs: string[] = [];
  const server = new GameServer({ port: 0, log: (l) => logs.push(l), ...options });
  servers.push(server);
  const port = await server.start();
  return { server, port, url: `ws://127.0.0.1:${port}`, logs };
}

function nextStatus(server: GameServer, state: LinkStatus['state']): Promise<LinkStatus> {
  return new Promise((resolve) => {
    const stop = server.onStatus.on((s) => s.state === state && (stop(), resolve(s)));
  });
}

/** The HTTP status a WebSocket upgrade got: 101 when it opened. */
function upgradeStatus(url: string, headers: { origin?: string; 'user-agent'?: string }): Promise<number> {
  return new Promise((resolve) => {
    const ws = new WebSocket(url, { origin: headers.origin, headers: headers['user-agent'] ? { 'user-agent': headers['user-agent'] } : {} });
    ws.once('open', () => (ws.close(), resolve(101)));
    ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
    ws.once('error', () => {});
  });
}

/** A game that answers each request with `answer(method)`, as raw text (a hostile or broken game). */
async function scriptedGame(server: GameServer, url: string, answer: (id: number, method: string) => string): Promise<WebSocket> {
  const connected = nextStatus(server, 'connected');
  const ws = new WebSocket(url, { origin: GAME_ORIGIN });
  ws.on('message', (data) => {
    const request = JSON.parse(data.toString()) as { id: number; method: string };
    ws.send(answer(request.id, request.method));
  });
  await Promise.all([connected, new Promise((open) => ws.once('open', open))]);
  return ws;
}

function nested(depth: number): string {
  return `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
}

describe('hostile link: origins', () => {
  it('refuses Origin null from a browser (a sandboxed iframe) and a connection without Origin; tells who was refused', async () => {
    const { server, url, logs } = await serve();
    const refused: (string | undefined)[] = [];
    server.onRefused.on((c) => refused.push(c.origin));
    const chrome = 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36';
    assert.equal(await upgradeStatus(url, { origin: 'null', 'user-agent': chrome }), 403);
    assert.equal(await upgradeStatus(url, {}), 403);
    assert.equal(await upgradeStatus(url, { origin: 'file://' }), 403);
    assert.deepEqual(refused, ['null', undefined, 'file://']);
    assert.ok(logs.some((l) => l.includes('no Origin (a program, not a web page)')));
    assert.equal(server.status.state, 'waiting', 'nobody connected as the game');
  });

  it('lets in the web game, a page served from this machine, and the desktop app (null with its User-Agent)', async () => {
    const { url } = await serve();
    const desktop = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) bitburner/2.6.1 Chrome/116.0.5845.190 Electron/26.3.0 Safari/537.36';
    assert.equal(await upgradeStatus(url, { origin: GAME_ORIGIN }), 101);
    assert.equal(await upgradeStatus(url, { origin: 'http://127.0.0.1:8010' }), 101);
    assert.equal(await upgradeStatus(url, { origin: 'null', 'user-agent': desktop }), 101);
  });

  it('lets in an origin the player allowed by name (serve --allow-origin, the setting)', async () => {
    const { url } = await serve({ allowedOrigins: ['https://my-copy.example'] });
    assert.equal(await upgradeStatus(url, { origin: 'https://my-copy.example/' }), 101);
  });
});

describe('hostile link: the player is asked about a refused origin, once', () => {
  it('asks once per origin, naming it, one question at a time, never for programs or remembered refusals', async () => {
    const { server, url } = await serve();
    const asked: string[] = [];
    const remembered: [string, string][] = [];
    let answer: (a: 'allow' | 'refuse' | undefined) => void = () => {};
    const refused = ['https://refused-before.example'];
    askAboutRefusedOrigins(server, {
      ask: (origin) => (asked.push(origin), new Promise((done) => (answer = done))),
      refused: () => refused,
      remember: async (origin, a) => void remembered.push([origin, a]),
    });
    await upgradeStatus(url, { origin: 'https://My-Copy.example/' });
    await upgradeStatus(url, { origin: 'https://other.example' });
    await upgradeStatus(url, {});
    assert.deepEqual(asked, ['https://my-copy.example'], 'one question while it is open');
    answer('refuse');
    await upgradeStatus(url, { origin: 'https://my-copy.example' });
    await upgradeStatus(url, { origin: 'https://refused-before.example' });
    await upgradeStatus(url, { origin: 'https://other.example' });
    assert.deepEqual(asked, ['https://my-copy.example', 'https://other.example']);
    assert.deepEqual(remembered, [['https://my-copy.example', 'refuse']]);
  });
});

describe('hostile link: no frame ends the server', () => {
  it('survives an error nested 100,000 deep and answers the next call', async () => {
    const { server, url, logs } = await serve();
    let calls = 0;
    await scriptedGame(server, url, (id) => (++calls === 1 ? `{"jsonrpc":"2.0","id":${id},"error":${nested(100_000)}}` : JSON.stringify({ jsonrpc: '2.0', id, result: 'OK' })));
    const error = await server.call('getFile', { filename: 'a.js', server: 'home' }).catch((e: unknown) => e);
    assert.ok(error instanceof GameError, String(error));
    assert.match(error.gameText, /^\{"a":\{"a":.*…|\{…\}/);
    assert.equal(await server.call('pushFile', { filename: 'b.js', content: '', server: 'home' }), 'OK');
    assert.equal(server.status.state, 'connected');
    assert.ok(!logs.some((l) => l.includes('Maximum call stack')));
  });

  it('says what the game sent when a result has the wrong type, and keeps serving', async () => {
    const { server, url } = await serve();
    const answers: Record<string, unknown> = { getAllFiles: { files: 'none' }, getFileNames: [1, 2], calculateRam: 'lots', getFile: nested(50_000) };
    await scriptedGame(server, url, (id, method) => (method === 'getFile' ? `{"id":${id},"result":${nested(50_000)}}` : JSON.stringify({ id, result: answers[method] })));
    await assert.rejects(server.call('getAllFiles', { server: 'home' }), /the game answered getAllFiles with \{"files":"none"\} \(an object\): not a list of \{filename, content\} texts/);
    await assert.rejects(server.call('getFileNames', { server: 'home' }), /the game answered getFileNames with \[1,2\] \(a list\): a list whose item 0 is 1 \(a number\), not file names/);
    await assert.rejects(server.call('calculateRam', { filename: 'a.js', server: 'home' }), /the game answered calculateRam with "lots" \(a string\): not a number/);
    await assert.rejects(server.call('getFile', { filename: 'a.js', server: 'home' }), /the game answered getFile with \{…\} \(an object\): not a text/);
  });

  it('survives hostile frames from an authenticated bridge: deep nesting, wrong kinds, huge counts', async () => {
    const token = 't'.repeat(32);
    const link = new GameLink({ server: { port: 0 }, bridge: { token } });
    servers.push(link.server);
    const port = await link.server.start();
    const ws = new WebSocket(`ws://127.0.0.1:${port}/bridge`, { origin: GAME_ORIGIN });
    await new Promise((open) => ws.once('open', open));
    const linked = new Promise<void>((done) => {
      const stop = link.hub.onLink.on((l) => l && (stop(), done()));
    });
    ws.send(JSON.stringify({ t: 'hello', token, pid: 3, protocol: 2 }));
    await linked;
    for (const t of ['state', 'reply', 'request', 'items', 'need', 'unused']) ws.send(`{"t":"${t}","id":1,"ports":${nested(100_000)},"message":${nested(100_000)},"items":${nested(10)},"count":1e308}`);
    ws.send(`{"t":"reply","id":1,"ok":false,"error":${nested(100_000)}}`);
    // A ping after the junk: answered only if the server is still reading.
    const pong = new Promise((done) => ws.once('pong', done));
    ws.ping();
    await pong;
    assert.equal(link.hub.link?.pid, 3, 'the bridge stays linked');
    ws.close();
  });
});

describe('hostile link: nothing is held before a check', () => {
  it('closes connections that never finish their handshake, and holds at most maxHandshakes at once', { timeout: 20_000 }, async () => {
    const { port, logs } = await serve({ handshakeTimeoutMs: 300, maxHandshakes: 10 });
    const halfOpen = (): Promise<Socket> =>
      new Promise((done) => {
        const s = connect(port, '127.0.0.1', () => (s.write('GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n'), done(s)));
        s.on('error', () => {});
      });
    const sockets = await Promise.all(Array.from({ length: 40 }, halfOpen));
    const closed = await Promise.all(sockets.map((s) => new Promise<number>((done) => (s.destroyed ? done(1) : s.once('close', () => done(1))))));
    assert.equal(closed.length, 40, 'every half-open handshake was let go');
    assert.ok(logs.some((l) => l.includes('more than 10 connections are still in their handshake')));
  });

  it('cuts an unauthenticated /bridge hello long before 64 MiB (the cap counts bytes mid-frame)', async () => {
    const { url, logs } = await serve({ onBridgeSocket: (ws) => ws.once('message', () => ws.close(4003, 'bad token')) });
    const ws = new WebSocket(`${url}/bridge`, { origin: GAME_ORIGIN });
    await new Promise((open) => ws.once('open', open));
    ws.on('error', () => {});
    const closed = new Promise<number>((done) => ws.once('close', (code) => done(code)));
    ws.send(JSON.stringify({ t: 'hello', token: 'x'.repeat(8 * 1024 * 1024) }));
    assert.equal(await closed, 1006, 'destroyed while sending, not judged after the whole frame arrived');
    assert.ok(logs.some((l) => l.includes('more than 65536 bytes before it was trusted')));
  });

  it('takes over for one newcomer at a time: five knocking while the game sleeps give one takeover and one push', async () => {
    const { server, url } = await serve({ pongTimeoutMs: 1_000 });
    await Promise.all([nextStatus(server, 'connected'), new TestGame({ url, answerPings: false }).connect()]);
    let games = 0;
    server.onGame.on(() => games++);
    const takeover = nextStatus(server, 'connected');
    const codes: number[] = [];
    const fourClosed = new Promise<void>((done) => {
      for (let i = 0; i < 5; i++) {
        const knock = new WebSocket(url, { origin: GAME_ORIGIN });
        knock.on('close', (code) => codes.push(code) === 4 && done());
      }
    });
    await Promise.all([takeover, fourClosed]);
    assert.equal(games, 1, 'one takeover, so one full push');
    assert.deepEqual(codes, [1013, 1013, 1013, 1013], 'the other four are told to try again');
  });
});
