// The dashboard page in headless Chromium, with this process playing the extension's part through the real feed
// and the real message protocol. Used by the browser tests and by the dashboard bench.
import { randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { DashboardFeed, type DashboardHost } from '../../core/dashboard/feed';
import { dashboardHtml } from '../../core/dashboard/html';
import type { ToExtension, ToWebview } from '../../core/dashboard/protocol';
import type { Recording } from '../../core/dashboard/recording';
import type { PortMapProvider } from '../../core/port-view/port-map';
import type { ProcessMapProvider } from '../../core/port-view/process-map';
import type { PortSource } from '../../core/port-view/source';

const root = join(import.meta.dirname, '../..');
const dist = join(root, 'dist');
export const resultsDir = join(root, 'test-results');

const CHROMIUM_ARGS = ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/**
 * Stands in for VS Code's webview host: acquireVsCodeApi() posts to this process, state lives in sessionStorage
 * (so a reload is a panel hidden and shown again), and messages to the page arrive as window 'message' events.
 */
/** The page's globals, typed without the DOM library (this project's node code does not load it). */
export type InPage = { postMessage(message: unknown, origin: string): void; getComputedStyle(el: unknown): { stroke: string } };
// A string, not a function: the page must get this code as written, not as tsx compiled it for node.
const fakeVsCodeApi = `window.acquireVsCodeApi = () => ({
  postMessage: (m) => window.toExtension(m),
  getState: () => JSON.parse(sessionStorage.getItem('state') ?? 'null') ?? undefined,
  setState: (s) => sessionStorage.setItem('state', JSON.stringify(s)),
});`;

export interface DashboardPageOptions {
  sources: PortSource[];
  /** What the page's "Open Recording…" gets. */
  recordingToOpen?: () => Recording | undefined;
  viewport?: { width: number; height: number };
  /** The external processes, as the processes feature publishes them. */
  processes?: ProcessMapProvider;
  /** The workspace's port map, as the language feature publishes it. */
  portMap?: PortMapProvider;
}

export class DashboardPage implements DashboardHost {
  readonly feed: DashboardFeed;
  /** Every message the page sent, in order. */
  readonly received: ToExtension[] = [];
  readonly saved: Recording[] = [];
  readonly failures: string[] = [];
  /** Content-Security-Policy violations and uncaught errors on the page: a test expects none. */
  readonly pageErrors: string[] = [];
  private delivery: Promise<unknown> = Promise.resolve();
  private waiters: ((m: ToExtension) => void)[] = [];

  private constructor(
    readonly browser: Browser,
    readonly page: Page,
    private readonly server: Server,
    private readonly options: DashboardPageOptions,
  ) {
    this.feed = new DashboardFeed(options.sources, { post: (m) => this.deliver(m), portMap: () => options.portMap, processes: () => options.processes });
  }

  static async open(options: DashboardPageOptions): Promise<DashboardPage> {
    if (!existsSync(join(dist, 'webview.js'))) throw new Error('dist/webview.js is missing: run `npm run build` first.');
    const server = createServer((req, res) => {
      const nonce = randomBytes(16).toString('base64');
      const origin = `http://${req.headers.host}`;
      if (req.url === '/') {
        res.writeHead(200, { 'content-type': 'text/html' }).end(dashboardHtml({ cspSource: origin, nonce, scriptUri: `${origin}/webview.js`, styleUri: `${origin}/webview.css` }));
      } else if (req.url === '/webview.js' || req.url === '/webview.css') {
        res.writeHead(200, { 'content-type': req.url.endsWith('.js') ? 'text/javascript' : 'text/css' }).end(readFileSync(join(dist, req.url)));
      } else {
        res.writeHead(req.url === '/favicon.ico' ? 204 : 404).end();
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
    const page = await browser.newPage({ viewport: options.viewport ?? { width: 1280, height: 900 } });
    const dashboard = new DashboardPage(browser, page, server, options);
    await page.exposeFunction('toExtension', (m: ToExtension) => {
      dashboard.received.push(m);
      for (const waiter of dashboard.waiters) waiter(m);
      void dashboard.feed.receive(m, dashboard);
    });
    await page.addInitScript({ content: fakeVsCodeApi });
    page.on('pageerror', (e) => dashboard.pageErrors.push(e.message));
    page.on('console', (m) => {
      if (m.type() === 'error') dashboard.pageErrors.push(m.text());
    });
    const ready = dashboard.nextMessage('ready');
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    await ready;
    return dashboard;
  }

  /** Resolves with the next message of that type the page sends. */
  nextMessage<T extends ToExtension['type']>(type: T): Promise<Extract<ToExtension, { type: T }>> {
    return new Promise((resolve) => {
      const waiter = (m: ToExtension) => {
        if (m.type !== type) return;
        this.waiters = this.waiters.filter((w) => w !== waiter);
        resolve(m as Extract<ToExtension, { type: T }>);
      };
      this.waiters.push(waiter);
    });
  }

  /** The page as it would come back after being hidden: reloaded, with its saved state. */
  async reload(): Promise<void> {
    const ready = this.nextMessage('ready');
    await this.page.reload();
    await ready;
  }

  async act(action: 'write' | 'read' | 'clear', sourceId: string, port: number, value?: unknown): Promise<void> {
    const source = this.options.sources.find((s) => s.id === sourceId);
    if (!source) throw new Error(`no source ${sourceId}`);
    if (action === 'write') await source.write(port, value);
    else if (action === 'read') await source.read(port);
    else await source.clear(port);
  }

  async saveRecording(recording: Recording): Promise<void> {
    this.saved.push(recording);
  }

  async openRecording(): Promise<{ recording: Recording; name: string } | undefined> {
    const recording = this.options.recordingToOpen?.();
    return recording && { recording, name: 'test.bbports-recording.json' };
  }

  fail(action: string, error: unknown): void {
    this.failures.push(`${action}: ${String(error)}`);
  }

  async close(): Promise<void> {
    this.feed.dispose();
    await this.browser.close();
    await new Promise((resolve) => this.server.close(resolve));
  }

  private deliver(message: ToWebview): void {
    this.delivery = this.delivery.then(() => this.page.evaluate((m) => (globalThis as unknown as InPage).postMessage(m, '*'), message)).catch(() => undefined);
  }
}
