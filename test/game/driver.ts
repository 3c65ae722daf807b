// Drives the real game (Bitburner, a static web build) in headless Debian chromium for the real-game suite.
// The game folder comes from BBPORTS_GAME_APP, or is unpacked from ../shared/game next to the project's clone.
import { execFileSync } from 'node:child_process';
import { createReadStream, existsSync, mkdtempSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { chromium, type BrowserContext, type Page } from 'playwright-core';

const ROOT = resolve(__dirname, '../..');
const ARCHIVE = resolve(ROOT, '../shared/game/bitburner-2.6.1.tgz');
const CHROMIUM = '/usr/bin/chromium';
const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];
const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css', '.png': 'image/png', '.json': 'application/json', '.svg': 'image/svg+xml', '.wasm': 'application/wasm', '.ico': 'image/x-icon', '.txt': 'text/plain' };

let unpacked: string | undefined;

/** The folder holding the game's index.html: BBPORTS_GAME_APP, or the shared archive unpacked once per process. */
export function gameAppDir(): string {
  const given = process.env.BBPORTS_GAME_APP;
  if (given) {
    if (!existsSync(join(given, 'index.html'))) throw new Error(`BBPORTS_GAME_APP=${given} holds no index.html: point it at an unpacked Bitburner web build`);
    return given;
  }
  if (unpacked) return unpacked;
  if (!existsSync(ARCHIVE)) {
    throw new Error(`the real game is not here: set BBPORTS_GAME_APP to an unpacked Bitburner web build, or put bitburner-2.6.1.tgz at ${ARCHIVE}`);
  }
  const dir = mkdtempSync(join(tmpdir(), 'bbports-game-'));
  execFileSync('tar', ['xzf', ARCHIVE, '-C', dir]);
  unpacked = dir;
  return dir;
}

/** A static server for the game on 127.0.0.1 (any free port). */
function serveStatic(dir: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname);
    const file = normalize(join(dir, path === '/' ? 'index.html' : path));
    if (!file.startsWith(dir + sep) || !existsSync(file) || !statSync(file).isFile()) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(res);
  });
  return new Promise((done) => server.listen(0, '127.0.0.1', () => done(server)));
}

export interface Game {
  page: Page;
  /** The page's origin, as the game sends it in the Remote API upgrade request. */
  origin: string;
  /** Options > Remote API: host 127.0.0.1, this port, Connect. */
  connect(port: number): Promise<void>;
  /** Types a command into the game's terminal and presses Enter. */
  terminal(command: string): Promise<void>;
  terminalText(): Promise<string>;
  /** Resolves with the terminal's text once it matches. */
  waitForTerminal(pattern: RegExp, timeoutMs?: number): Promise<string>;
  /** The game's "Save Game" (keeps files, running scripts and the Remote API port in the save). */
  save(): Promise<void>;
  /** Reloads the page as a player would (the game restores its last save) and waits until it is ready again. */
  reload(): Promise<void>;
  close(): Promise<void>;
}

async function clickSidebar(page: Page, text: string): Promise<void> {
  await page.locator('.MuiDrawer-root').getByText(text, { exact: true }).first().click();
}

/** Waits for the game's UI after a (re)load: skips the tutorial of a new game and the "Offline for" modal of a save. */
async function settle(page: Page): Promise<void> {
  await page.locator('.MuiDrawer-root').first().waitFor({ timeout: 60_000 });
  // A new game shows its tutorial, a loaded save an "Offline for" modal: whichever comes first is dismissed.
  const skip = page.getByRole('button', { name: /skip tutorial|exit tutorial/i }).first();
  const modal = page.locator('.MuiModal-root .MuiBackdrop-root').first();
  await Promise.any([
    skip.waitFor({ timeout: 10_000 }).then(() => skip.click()),
    modal.waitFor({ timeout: 10_000 }).then(() => page.keyboard.press('Escape')),
  ]).catch(() => undefined);
  await clickSidebar(page, 'Terminal');
  await page.locator('#terminal-input').waitFor({ timeout: 30_000 });
}

export async function launchGame(opts: { profileDir?: string } = {}): Promise<Game> {
  const server = await serveStatic(gameAppDir());
  const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const profile = opts.profileDir ?? mkdtempSync(join(tmpdir(), 'bbports-game-profile-'));
  let context: BrowserContext;
  try {
    context = await chromium.launchPersistentContext(profile, { executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  } catch (error) {
    server.close();
    throw new Error(`could not start ${CHROMIUM} (run: sh test/vscode/setup.sh): ${error instanceof Error ? error.message : error}`);
  }
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('dialog', (d) => void d.accept());
  // A loaded save shows the "beta environment" notice a second late, over whatever is clicked next: its close
  // button shuts it (Escape did not always reach the modal). A click that fails because the test is closing the
  // browser is no error.
  const notice = page.locator('.MuiModal-root').filter({ hasText: 'You are playing on the beta environment' });
  await page.addLocatorHandler(notice, async () => {
    await notice.locator('button:has([data-testid="CloseIcon"])').first().click({ timeout: 5_000 }).catch(() => undefined);
  });
  await page.goto(origin);
  await settle(page);

  const game: Game = {
    page,
    origin,
    async connect(port) {
      await clickSidebar(page, 'Options');
      await page.getByRole('button', { name: 'Remote API' }).click();
      const host = page.locator('input[placeholder="localhost"]');
      await host.fill('127.0.0.1');
      await page.locator('input[placeholder="12525"]').fill(String(port));
      await page.getByRole('button', { name: 'Connect', exact: true }).click();
      await page.keyboard.press('Escape');
      await clickSidebar(page, 'Terminal');
    },
    async terminal(command) {
      const input = page.locator('#terminal-input');
      await input.fill(command);
      await input.press('Enter');
    },
    terminalText: () => page.locator('#terminal').innerText(),
    async waitForTerminal(pattern, timeoutMs = 30_000) {
      // A page-side expression (a string: the project is type-checked without the DOM library).
      const test = `new RegExp(${JSON.stringify(pattern.source)}, ${JSON.stringify(pattern.flags)}).test(document.querySelector('#terminal')?.innerText ?? '')`;
      await page.waitForFunction(test, undefined, { timeout: timeoutMs, polling: 50 });
      return game.terminalText();
    },
    async save() {
      await clickSidebar(page, 'Options');
      await page.getByRole('button', { name: 'Save Game', exact: true }).click();
      await clickSidebar(page, 'Terminal');
    },
    async reload() {
      await page.reload();
      await settle(page);
    },
    async close() {
      await context.close();
      await new Promise((done) => server.close(done));
    },
  };
  return game;
}
