import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine/engine';
import { EngineSource } from '../../core/port-view/engine-source';
import { DashboardPage } from './harness';

// Page code as a string: tsx would wrap a named function in a helper the page does not have.
const WATCH_EDGE_LAYER = `(() => {
  window.__edgeMutations = [];
  new MutationObserver((records) => window.__edgeMutations.push(...records.map((r) => r.type + ' ' + (r.attributeName ?? '')))).observe(document.querySelector('svg.edge-layer'), { subtree: true, childList: true, attributes: true, characterData: true });
})()`;

describe('dashboard graph: the edges in a layer that new numbers do not touch', () => {
  const engine = new PortEngine({ capacity: 1000 });
  // The rates change only when the test samples, so that the edge's line has no reason to change.
  const source = new EngineSource(engine, 'vscode', { sampleEveryMs: 0 });
  let dash: DashboardPage;
  const edge = 'actor:miner.js->port:engine:3';

  before(async () => {
    dash = await DashboardPage.open({ sources: [source], viewport: { width: 1000, height: 700 } });
    source.rates.sample(0);
    for (let i = 0; i < 5; i++) engine.write(3, i, 'miner.js');
    source.rates.sample(500);
    await dash.page.locator(`.edge-label[data-edge="${edge}"]`, { hasText: '10.0/s' }).waitFor();
  });
  after(() => dash.close());

  it('draws labels and nodes over the edges, outside the edges\' SVG', async () => {
    assert.equal(await dash.page.locator(`svg.edge-layer [data-id="${edge}"] .edge-line`).count(), 1, 'the line is in the edges\' layer');
    assert.equal(await dash.page.locator('svg.edge-layer text').count(), 0, 'no text there');
    assert.equal(await dash.page.locator(`svg.flow .edge-label[data-edge="${edge}"]`).count(), 1, 'its label is over it');
    assert.equal(await dash.page.locator('svg.flow [data-id="port:engine:3"]').count(), 1);
  });

  it('changes the numbers of an update without touching the edges\' layer', async () => {
    // A write the page has taken in first: the writer's share of the port's rate is then fresh for seconds.
    engine.write(3, 'fresh', 'miner.js');
    await dash.page.locator('[data-id="port:engine:3"] .depth', { hasText: '6/1000' }).waitFor();
    await dash.page.evaluate(WATCH_EDGE_LAYER);
    for (let i = 0; i < 6; i++) engine.write(3, i, 'miner.js');
    await dash.page.locator('[data-id="port:engine:3"] .depth', { hasText: '12/1000' }).waitFor();
    assert.deepEqual(await dash.page.evaluate('window.__edgeMutations'), [], 'nothing in the edges\' layer changed');
    assert.deepEqual(dash.pageErrors, []);
  });

  it('still shows an edge\'s tooltip, made when the pointer comes', async () => {
    // The middle of the line, in the page's pixels: the pointer goes there through the overlay above it.
    const at = await dash.page.locator(`svg.edge-layer [data-id="${edge}"] .edge-line`).evaluate((path: unknown) => {
      const p = path as { getTotalLength(): number; getPointAtLength(l: number): { x: number; y: number }; getScreenCTM(): { a: number; d: number; e: number; f: number } };
      const mid = p.getPointAtLength(p.getTotalLength() / 2);
      const m = p.getScreenCTM();
      return { x: mid.x * m.a + m.e, y: mid.y * m.d + m.f };
    });
    await dash.page.mouse.move(at.x, at.y);
    await dash.page.locator(`svg.edge-layer [data-id="${edge}"] title`, { hasText: /miner\.js → Port 3: 10\.0\/s, 12 in all/ }).waitFor({ state: 'attached' });
  });
});
