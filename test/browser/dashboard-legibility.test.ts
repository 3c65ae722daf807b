import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine/engine';
import { EngineSource } from '../../core/port-view/engine-source';
import type { PortMapEntry, PortRole } from '../../core/port-view/port-map';
import type { KnownProcess } from '../../core/port-view/process-map';
import { evictionCount } from '../../core/port-view/source';
import { DashboardPage, resultsDir } from './harness';

// Page code as strings: the page must get it as written, not as tsx compiled it for node.
/** Every visible piece of text on the page with its rendered size in CSS pixels (SVG text scaled as drawn). */
const TEXT_SIZES = `(() => {
  const out = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    if (!el || !n.textContent.trim()) continue;
    const r = el.getBoundingClientRect();
    if (!r.width || !r.height) continue;
    let px = parseFloat(getComputedStyle(el).fontSize);
    if (el instanceof SVGElement) {
      const m = el.getScreenCTM();
      px *= Math.hypot(m.a, m.b);
    }
    out.push({ text: n.textContent.trim().slice(0, 40), px });
  }
  return out;
})()`;
const GEOMETRY = `(() => {
  const view = document.querySelector('.view');
  const svg = document.querySelector('.graph svg.flow').getBoundingClientRect();
  return { innerHeight, viewHeight: view.clientHeight, viewWidth: view.clientWidth, viewScroll: view.scrollWidth, svgWidth: svg.width, svgHeight: svg.height };
})()`;
const LAYOUT_TIMES = `performance.getEntriesByName('dashboard-layout').map((e) => e.duration)`;

type TextSize = { text: string; px: number };
type Geometry = { innerHeight: number; viewHeight: number; viewWidth: number; viewScroll: number; svgWidth: number; svgHeight: number };

const use = (role: PortRole, file: string) => ({ role, file: `/ws/${file}`, line: 1, column: 1 });
const process = (tag: string, inputPort: number, outputPort: number): KnownProcess => ({ tag, running: true, spec: { name: tag, inputPort, outputPort, target: 'engine' } });

// Ten participants (seven scripts, three external processes) and ten ports, in five ranks: too many columns for a
// narrow panel, so the narrow panel shows them in rows.
const portMap: PortMapEntry[] = [
  { port: 1, messageTypes: [], uses: [use('writer', 'seed.js')] },
  { port: 2, messageTypes: [], uses: [use('writer', 'scan.js')] },
  { port: 3, messageTypes: [], uses: [use('writer', 'target.js')] },
  { port: 4, messageTypes: [], uses: [use('writer', 'batcher.js'), use('consumer', 'hack.js')] },
  { port: 5, messageTypes: [], uses: [use('writer', 'batcher.js'), use('consumer', 'hack.js')] },
  { port: 6, messageTypes: [], uses: [use('writer', 'hud.js'), use('consumer', 'grow.js')] },
  { port: 7, messageTypes: [], uses: [use('writer', 'hud.js'), use('consumer', 'grow.js')] },
  { port: 8, messageTypes: [], uses: [use('consumer', 'hack.js')] },
  { port: 9, messageTypes: [], uses: [use('consumer', 'grow.js')] },
  { port: 10, messageTypes: [], uses: [use('consumer', 'grow.js')] },
];
const processes = [process('planner', 1, 8), process('pricer', 2, 9), process('logger', 3, 10)];

describe('dashboard legibility at every panel size from 800 x 500 up', () => {
  const engine = new PortEngine({ capacity: 5 });
  let dash: DashboardPage;

  before(async () => {
    mkdirSync(resultsDir, { recursive: true });
    // Traffic before the panel opens: its counts must be there when it does.
    const batcher = engine.nsFor('batcher.js');
    for (let i = 0; i < 50; i++) batcher.writePort(4, { type: 'hack', i });
    engine.nsFor('hack.js').readPort(4);
    dash = await DashboardPage.open({
      sources: [new EngineSource(engine)],
      viewport: { width: 800, height: 500 },
      portMap: { entries: () => portMap, onDidChange: () => () => {} },
      processes: { list: () => processes, onChange: () => () => {} },
    });
    await dash.page.locator('[data-id="actor:logger"]').waitFor();
  });
  after(() => dash.close());

  /** The new size, then a few frames: the page lays out again on the resize observer's next callback. */
  const settle = async (width: number) => {
    // A function, not a string: the page's CSP forbids eval, which a polled string would need.
    await dash.page.waitForFunction((w) => (globalThis as unknown as { innerWidth: number }).innerWidth === w, width);
    for (let i = 0; i < 3; i++) await dash.page.evaluate(() => new Promise((resolve) => (globalThis as unknown as { requestAnimationFrame(f: () => void): void }).requestAnimationFrame(() => resolve(undefined))));
  };

  for (const [width, height] of [
    [800, 500],
    [1600, 1000],
  ] as const) {
    it(`at ${width} x ${height}: no text under 11 px, no sideways scrolling, the graph uses the height`, async () => {
      await dash.page.setViewportSize({ width, height });
      await settle(width);
      const small = ((await dash.page.evaluate(TEXT_SIZES)) as TextSize[]).filter((t) => t.px < 10.95);
      assert.deepEqual(small, [], 'every text is at least 11 px');
      const g = (await dash.page.evaluate(GEOMETRY)) as Geometry;
      assert.ok(g.viewScroll <= g.viewWidth, `no sideways scrolling: ${g.viewScroll} px of graph in ${g.viewWidth} px`);
      assert.ok(g.viewHeight >= g.innerHeight * 0.5, `the graph's view is ${g.viewHeight} of the panel's ${g.innerHeight} px`);
      assert.ok(g.svgHeight >= g.viewHeight * 0.6 || g.svgWidth >= g.viewWidth * 0.9, `the graph fills its view one way or the other: ${g.svgWidth} x ${g.svgHeight} in ${g.viewWidth} x ${g.viewHeight}`);
      await dash.page.screenshot({ path: join(resultsDir, `dashboard-${width}x${height}.png`) });
    });
  }

  it('zooms with the keyboard and with Ctrl and the wheel, and fits to the view again', async () => {
    const width = async () => Number(await dash.page.locator('.graph svg.flow').getAttribute('width'));
    const fitted = await width();
    await dash.page.locator('.graph').focus();
    await dash.page.keyboard.press('+');
    assert.ok(Math.abs((await width()) - fitted * 1.25) < 1, '+ zooms in');
    await dash.page.keyboard.press('0');
    assert.equal(await width(), fitted, '0 fits to the view');
    const box = (await dash.page.locator('.graph').boundingBox())!;
    await dash.page.mouse.move(box.x + 50, box.y + 50);
    await dash.page.keyboard.down('Control');
    await dash.page.mouse.wheel(0, 100);
    await dash.page.keyboard.up('Control');
    await dash.page.waitForFunction((before) => Number((globalThis as unknown as { document: { querySelector(s: string): { getAttribute(n: string): string } } }).document.querySelector('.graph svg.flow').getAttribute('width')) < before - 1, fitted);
    await dash.page.locator('.zoom button', { hasText: 'Fit' }).click();
    assert.equal(await width(), fitted, 'the Fit button fits to the view');
  });

  it('counts since the engine started, the same as the engine and the Ports view', async () => {
    engine.nsFor('batcher.js').writePort(4, { type: 'hack', i: 50 });
    // 51 writes to a port of 5 with one read between: 45 evictions, all but one before the panel opened.
    const expected = { writes: 51, reads: 1, evictions: 45, refused: 0, clears: 0 };
    await dash.page.locator('[role="tab"]', { hasText: 'Table' }).click();
    const row = dash.page.locator('.tables tr', { has: dash.page.locator('th', { hasText: /^Port 4$/ }) });
    // The last write filled the port to 5/5: once the table says so, it has taken that write in.
    await row.locator('td').nth(0).filter({ hasText: '5/5' }).waitFor();
    const cells = await row.locator('td').allTextContents();
    // Length, Fill, Writes/s, Reads/s, Writes, Reads, Evicted, Cleared, Refused
    assert.deepEqual(cells.slice(4).map(Number), [expected.writes, expected.reads, expected.evictions, expected.clears, expected.refused], 'the dashboard counts from the engine\'s start');
    assert.deepEqual(engine.totals(4), expected, 'as the engine counted them');
    const tree = new EngineSource(engine).ports().find((p) => p.port === 4)!;
    assert.equal(evictionCount(tree), expected.evictions, 'the Ports view says the same');
    await dash.page.locator('[role="tab"]', { hasText: 'Graph' }).click();
  });

  it('lays out about 120 nodes without blocking the page (a bench figure, not an assertion)', async (t) => {
    for (let i = 0; i < 40; i++) engine.nsFor(`writer-${i}`).writePort(100 + i, i);
    for (let i = 0; i < 40; i++) engine.nsFor(`reader-${i}`).readPort(100 + ((i * 7) % 40));
    await dash.page.locator('[data-id="actor:reader-39"]').waitFor();
    const nodes = await dash.page.locator('.graph .node').count();
    const times = (await dash.page.evaluate(LAYOUT_TIMES)) as number[];
    assert.ok(nodes >= 120, `${nodes} nodes drawn`);
    assert.ok(times.length > 0, 'the page measures its layouts');
    t.diagnostic(`layout of ${nodes} nodes: ${times.at(-1)!.toFixed(2)} ms (the slowest of ${times.length} layouts: ${Math.max(...times).toFixed(2)} ms)`);
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-120-nodes.png') });
  });

  it('ran without a page error', () => {
    assert.deepEqual(dash.pageErrors, []);
    assert.deepEqual(dash.failures, []);
  });
});
