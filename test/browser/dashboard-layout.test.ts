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
type El = { getBoundingClientRect(): Box; clientWidth: number; scrollWidth: number; hidden: boolean; getAttribute(n: string): string | null };

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
      const graph = doc.querySelector('.graph');
      const svg = doc.querySelector('.graph svg');
      return { graph: graph.getBoundingClientRect(), graphClient: graph.clientWidth, graphScroll: graph.scrollWidth, svg: svg.getBoundingClientRect(), viewBox: svg.getAttribute('viewBox')!, hint: !doc.querySelector('.scroll-hint').hidden };
    });

  it('draws a known external process and its declared ports, the empty one it waits on included', async () => {
    for (const id of ['port:engine:20', 'port:engine:21', 'port:engine:20->actor:planner', 'actor:planner->port:engine:21']) {
      assert.equal(await node(id).count(), 1, `${id} is drawn`);
    }
    assert.match((await node('actor:planner').getAttribute('aria-label')) ?? '', /^External process planner: .*reads port 20, writes port 21/);
    assert.equal(await node('actor:planner->port:engine:21').locator('.edge-label').textContent(), 'declared');
  });

  it('keeps a port nobody writes to in the ports column, between the writers and its reader', async () => {
    const [batcher, port10, port20, reader] = await Promise.all([box('script:/ws/batcher.js'), box('port:engine:10'), box('port:engine:20'), box('actor:planner')]);
    assert.ok(port20.x >= batcher.x + batcher.width, `port 20 (x ${port20.x}) is right of the writers' column (batcher.js ends at ${batcher.x + batcher.width})`);
    assert.ok(Math.abs(port20.x + port20.width / 2 - (port10.x + port10.width / 2)) < 1, 'in the same column as port 10');
    assert.ok(port20.x + port20.width <= reader.x, 'left of its reader');
  });

  it('scales the graph down to the panel width instead of cutting it off', async () => {
    const m = await measure();
    const natural = Number(m.viewBox.split(' ')[2]);
    assert.ok(natural > m.graphClient, `the graph (${natural} px) is wider than the panel (${m.graphClient} px) in this scene`);
    assert.ok(m.svg.right <= m.graph.right + 0.5, `the graph fits: it ends at ${m.svg.right}, the panel at ${m.graph.right}`);
    assert.ok(m.svg.width >= natural * 0.75, 'text stays readable: shrunk to no less than 3/4');
    assert.equal(m.hint, false, 'no scroll hint when everything is in view');
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-fit.png'), fullPage: true });
  });

  it('keeps the whole graph reachable with the inspector open', async () => {
    await node('port:engine:20').click();
    await dash.page.locator('.inspector h2', { hasText: 'Port 20' }).waitFor();
    const m = await measure();
    const inspector = (await dash.page.locator('.inspector').boundingBox())!;
    assert.ok(inspector.x + inspector.width <= 1000, 'the inspector is inside the panel');
    assert.ok(inspector.x >= m.graph.right || inspector.y >= m.graph.bottom, 'the inspector does not cover the graph');
    if (m.svg.right > m.graph.right + 0.5) {
      assert.equal(m.hint, true, 'a graph that does not fit says it scrolls');
      assert.ok(m.graphScroll > m.graphClient, 'and it does scroll');
    }
    // the rightmost node, scrolled to as a user would, is inside the graph's visible area
    await node('script:/ws/hack.js').scrollIntoViewIfNeeded();
    const hack = await box('script:/ws/hack.js');
    const graph = (await measure()).graph;
    assert.ok(hack.x >= graph.left - 0.5 && hack.x + hack.width <= graph.right + 0.5, `hack.js (${hack.x}..${hack.x + hack.width}) is within the graph's view (${graph.left}..${graph.right})`);
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
