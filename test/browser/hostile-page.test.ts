// Issue 13, item 1: a web page in a real browser trying to pose as the game. The page comes from a foreign host
// (evil.example, mapped to 127.0.0.1 by Chromium's resolver rules) and opens the Remote API socket from a sandboxed
// iframe, so Chromium sends `Origin: null`, and from the page itself. A copy of the game served from 127.0.0.1 is
// the control: it must still get in, and the hostile frames must get nothing.
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { chromium, type Browser } from 'playwright-core';
import { GameLink } from '../../core/game-link/link';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../../core/game-link/sync/file-sync';

let browser: Browser;
let pages: Server;
let pagePort: number;
let link: GameLink;
let gamePort: number;
let root: string;
const logs: string[] = [];
const refusedLogged = (origin: string) => logs.some((l) => l.startsWith('refused a connection') && l.includes(`Origin ${origin}:`));

/** A page whose script connects to the game port and reports what it saw (opened, every frame received, closed). */
function probePage(sandboxed: boolean): string {
  const probe = `<script>
    const seen = [];
    const report = () => (window.parent === window ? window : window.parent).postMessage(JSON.stringify(seen), '*');
    const ws = new WebSocket('ws://127.0.0.1:${'${GAME_PORT}'}');
    ws.onopen = () => { seen.push('open'); report(); };
    ws.onmessage = (e) => { seen.push(String(e.data)); report(); const m = JSON.parse(e.data); ws.send(JSON.stringify({ jsonrpc: '2.0', id: m.id, result: m.method === 'calculateRam' ? 1.6 : 'OK' })); };
    ws.onclose = () => { seen.push('closed'); report(); };
  </script>`;
  const body = sandboxed ? `<iframe sandbox="allow-scripts" srcdoc="${probe.replace(/"/g, '&quot;')}"></iframe>` : probe;
  return `<!doctype html><html><body>${body}<script>
    window.addEventListener('message', (e) => { window.result = e.data; });
  </script></body></html>`;
}

before(async () => {
  root = await mkdtemp(join(tmpdir(), 'bbports-hostile-page-'));
  await writeFile(join(root, 'secrets.txt'), 'the player\'s secret');
  await writeFile(join(root, 'hack.js'), 'export async function main(ns) {}');
  link = new GameLink({ server: { port: 0 }, bridge: { token: 'x'.repeat(32) }, log: (l) => logs.push(l) });
  gamePort = await link.server.start();
  const sync = new FileSync(link.server, { ...DEFAULT_SYNC_OPTIONS, root });
  // As the extension and serve do: everything goes to whoever connects as the game.
  link.server.onGame.on(() => void sync.pushAll().then(() => link.installBridge('/* bridge */', 'home', false)).catch(() => {}));
  pages = createServer((req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end(probePage(req.url?.includes('sandboxed') === true).replace('${GAME_PORT}', String(gamePort)));
  });
  await new Promise<void>((done) => pages.listen(0, '127.0.0.1', done));
  pagePort = (pages.address() as AddressInfo).port;
  browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--no-first-run', `--host-resolver-rules=MAP evil.example 127.0.0.1`],
  });
});

after(async () => {
  await browser?.close();
  await link?.stop();
  pages?.close();
  await rm(root, { recursive: true, force: true });
});

/** Opens the page at `url` and waits for its probe's first report (the socket opened, got a frame, or closed). */
async function visit(url: string): Promise<string[]> {
  const page = await browser.newPage();
  try {
    await page.goto(url);
    const handle = await page.waitForFunction(() => (globalThis as { result?: string }).result, undefined, { timeout: 15_000 });
    return JSON.parse((await handle.jsonValue()) as string) as string[];
  } finally {
    await page.close();
  }
}

describe('a hostile web page in headless Chromium', () => {
  it('a sandboxed iframe (Origin: null) on a foreign page is refused and receives nothing', async () => {
    const seen = await visit(`http://evil.example:${pagePort}/sandboxed`);
    assert.deepEqual(seen, ['closed'], 'never opened, no file, no bridge token');
    assert.ok(refusedLogged('null'), logs.join('\n'));
  });

  it('the foreign page itself is refused too', async () => {
    const seen = await visit(`http://evil.example:${pagePort}/plain`);
    assert.deepEqual(seen, ['closed']);
    assert.ok(refusedLogged(`http://evil.example:${pagePort}`), logs.join('\n'));
  });

  it('a copy of the game served from 127.0.0.1 still connects and is served (the control)', async () => {
    const page = await browser.newPage();
    try {
      await page.goto(`http://127.0.0.1:${pagePort}/plain`);
      const pushed = new Promise<void>((done) => {
        const stop = link.server.onStatus.on((s) => s.state === 'connected' && (stop(), done()));
        if (link.server.connected) done();
      });
      await pushed;
      assert.equal(await link.server.call('pushFile', { filename: 'probe.js', content: '', server: 'home' }), 'OK');
    } finally {
      await page.close();
    }
  });
});
