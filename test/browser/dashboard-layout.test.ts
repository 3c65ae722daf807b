import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine/engine';
import { EngineSource } from '../../core/port-view/engine-source';
import type { PortMapEntry, PortRole } from '../../core/port-view/port-map';
import { DashboardPage, resultsDir } from './harness';

/** Measures in the page, typed without the DOM library (this project's node code does not load it). */
type Box = { left: number; right: number; top: number; bottom: number; width: number };
type El = { getBoundingClientRect(): Box; clientWidth: number; scrollWidth: number; getAttribute(n: string): string | null };

const use = (role: PortRole, file: string) => ({ role, file: `/ws/${file}`, line: 1, column: 1 });
const portMap: PortMapEntry[] = [
  { port: 10, messageTypes: [], uses: [use('writer', 'batcher.js'), use('consumer', 'worker.js')] },
  { port: 11, messageTypes: [], uses: [use('writer', 'worker.js'), use('consumer', 'hack.js')] },
];

// The QA scene: a pipeline of scripts from the port map, and the planner process (bbports.json: reads port 20,
// writes port 21) that wrote port 21 before the dashboard opened and now waits on port 20, which is empty.
describe('dashboard layout at an editor-sized panel', () => {
  const engine = new PortEngine({ capacity: 3 });
  let dash: DashboardPage;
  const planner = { tag: 'planner', running: true, spec: { name: 'planner', inputPort: 20, outputPort: 21, target: 'engine' as const } };

  before(async () => {
    mkdirSync(resultsDir, { recursive: true });
    engine.write(21, { type: 'plan' }, 'planner');
    dash = await DashboardPage.open({
      sources: [new EngineSource(engine)],
      viewport: { width: 1000, height: 800 },
      portMap: { entries: () => portMap, onDidChange: () => () => {} },
      processes: { list: () => [planner], onChange: () => () => {} },
    });
    await node('actor:planner').waitFor();
  });
  after(() => dash.close());

  const node = (id: string) => dash.page.locator(`[data-id="${id}"]`);
  const box = async (id: string) => (await node(id).boundingBox())!;
  const measure = () =>
    dash.page.evaluate(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): El } }).document;
      const view = doc.querySelector('.view');
      return { view: view.getBoundingClientRect(), viewClient: view.clientWidth, viewScroll: view.scrollWidth, direction: doc.querySelector('.graph svg.flow').getAttribute('aria-label')! };
    });

  it('draws a known external process and its declared ports, the empty one it waits on included', async () => {
    for (const id of ['port:engine:20', 'port:engine:21', 'port:engine:20->actor:planner', 'actor:planner->port:engine:21']) {
      assert.equal(await node(id).count(), 1, `${id} is drawn`);
    }
    assert.match((await node('actor:planner').getAttribute('aria-label')) ?? '', /^External process planner: .*reads port 20, writes port 21/);
    assert.equal(await dash.page.locator('.edge-label[data-edge="actor:planner->port:engine:21"]').textContent(), 'declared');
  });

  it('keeps a port nobody writes to in the ports rank, between the writers and its reader', async () => {
    const [batcher, port10, port20, reader] = await Promise.all([box('script:/ws/batcher.js'), box('port:engine:10'), box('port:engine:20'), box('actor:planner')]);
    // Ranks run left to right as columns, or top to bottom as rows when the columns would not fit the width.
    const rows = (await measure()).direction.includes('above');
    const start = (b: { x: number; y: number }) => (rows ? b.y : b.x);
    const size = (b: { width: number; height: number }) => (rows ? b.height : b.width);
    assert.ok(start(port20) >= start(batcher) + size(batcher), `port 20 (${start(port20)}) is past the writers' rank (batcher.js ends at ${start(batcher) + size(batcher)})`);
    assert.ok(Math.abs(start(port20) - start(port10)) < 1, 'in the same rank as port 10');
    assert.ok(start(port20) + size(port20) <= start(reader), 'before its reader');
  });

  it('wraps instead of scrolling sideways, with the inspector open too', async () => {
    let m = await measure();
    assert.ok(m.viewScroll <= m.viewClient, `no sideways scrolling: ${m.viewScroll} px of graph in ${m.viewClient} px`);
    await node('port:engine:20').click();
    await dash.page.locator('.inspector h2', { hasText: 'Port 20' }).waitFor();
    const inspector = (await dash.page.locator('.inspector').boundingBox())!;
    m = await measure();
    assert.ok(inspector.x + inspector.width <= 1000, 'the inspector is inside the panel');
    assert.ok(inspector.x >= m.view.right || inspector.y >= m.view.bottom, 'the inspector does not cover the graph');
    await dash.page.locator('.graph svg.flow').waitFor();
    await dash.page.waitForFunction(() => {
      const doc = (globalThis as unknown as { document: { querySelector(s: string): El } }).document;
      return doc.querySelector('.view').scrollWidth <= doc.querySelector('.view').clientWidth;
    });
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-fit-inspector.png'), fullPage: true });
  });

  it('draws depth sparklines tall enough to read, with the current depth as a number', async () => {
    const row = dash.page.locator('.sparklines li[data-port="port:engine:21"]');
    const canvas = (await row.locator('canvas').boundingBox())!;
    assert.ok(canvas.height >= 40, `the sparkline is ${canvas.height} px tall`);
    assert.equal(await row.locator('.spark-depth').textContent(), '1/3');
  });

  it('ran without a page error', () => {
    assert.deepEqual(dash.pageErrors, []);
    assert.deepEqual(dash.failures, []);
  });
});
