import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Recording } from '../../core/dashboard/recording';
import { PortEngine } from '../../core/engine/engine';
import { EngineSource } from '../../core/port-view/engine-source';
import { DashboardPage, resultsDir, type InPage } from './harness';

describe('dashboard page in Chromium', () => {
  const engine = new PortEngine({ capacity: 5 });
  let toOpen: Recording | undefined;
  let dash: DashboardPage;

  before(async () => {
    mkdirSync(resultsDir, { recursive: true });
    dash = await DashboardPage.open({ sources: [new EngineSource(engine)], recordingToOpen: () => toOpen });
  });
  after(() => dash.close());

  const node = (id: string) => dash.page.locator(`[data-id="${id}"]`);

  it('draws writers, ports and readers from engine events, with edges between them', async () => {
    const planner = engine.nsFor('planner');
    const worker = engine.nsFor('worker');
    planner.writePort(1, { type: 'hack', target: 'n00dles' });
    planner.writePort(1, { type: 'grow', target: 'n00dles' });
    worker.readPort(1);
    worker.writePort(2, 'done');

    await node('port:engine:2').waitFor();
    for (const id of ['actor:planner', 'actor:worker', 'port:engine:1', 'actor:planner->port:engine:1', 'port:engine:1->actor:worker', 'actor:worker->port:engine:2']) {
      assert.equal(await node(id).count(), 1, `${id} is drawn`);
    }
    assert.equal(await node('port:engine:1').getAttribute('aria-label').then((l) => l?.startsWith('Port 1: 1 of 5 items, fine')), true);
    assert.match((await node('actor:planner').getAttribute('aria-label')) ?? '', /Actor planner/);
    // writers left of their port, readers right of it
    const x = async (id: string) => (await node(id).boundingBox())!.x;
    assert.ok((await x('actor:planner')) < (await x('port:engine:1')));
    assert.ok((await x('port:engine:1')) < (await x('actor:worker')));
  });

  it('turns a port red and counts the eviction when a write pushes out its oldest item', async () => {
    const producer = engine.nsFor('producer');
    for (let i = 0; i < 6; i++) producer.writePort(3, { batch: i });
    const port = node('port:engine:3');
    await dash.page.locator('[data-id="port:engine:3"].has-evictions').waitFor();
    assert.match((await port.getAttribute('class')) ?? '', /fill-full/);
    assert.equal(await port.locator('.evictions').textContent(), '1 evicted');
    const stroke = () => port.locator('.frame').evaluate((el) => (globalThis as unknown as InPage).getComputedStyle(el).stroke);
    assert.equal(await stroke(), 'rgb(241, 76, 76)', 'red, even outside VS Code');
    // VS Code sets the theme's colours as --vscode-* variables on the page's root; the graph follows them.
    await dash.page.locator('html').evaluate((el) => (el as unknown as { style: { setProperty(n: string, v: string): void } }).style.setProperty('--vscode-charts-red', 'rgb(200, 0, 0)'));
    assert.equal(await stroke(), 'rgb(200, 0, 0)', 'the theme\'s red');
    assert.equal(await dash.page.locator('.spark-text', { hasText: '5/5 · 1 evicted' }).count(), 1, 'the sparkline row counts it too');
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-graph.png'), fullPage: true });
  });

  it('opens a port in the inspector from the keyboard', async () => {
    await node('port:engine:1').focus();
    await dash.page.keyboard.press('Enter');
    await dash.page.locator('.inspector h2', { hasText: 'Port 1 · Embedded engine' }).waitFor();
    assert.equal(await dash.page.locator('.inspector h2').evaluate((el) => el === (el.ownerDocument as unknown as { activeElement: unknown }).activeElement), true, 'focus moves to the inspector');
    await dash.page.keyboard.press('Escape');
    await dash.page.locator('.inspector').waitFor({ state: 'hidden' });
  });

  it('inspects a port: items as a JSON tree, the timeline, and a write that reaches the engine', async () => {
    await node('port:engine:3').click();
    await dash.page.locator('.inspector .items details').first().waitFor();
    assert.equal(await dash.page.locator('.inspector h2').textContent(), 'Port 3 · Embedded engine');
    assert.equal(await dash.page.locator('.inspector .items > details').count(), 5);
    assert.match((await dash.page.locator('.inspector .timeline li').first().textContent()) ?? '', /evict by producer \{"batch":0\}/);
    await dash.page.locator('.inspector input').fill('{"type":"weaken"}');
    const acted = dash.nextMessage('act');
    await dash.page.locator('.inspector button', { hasText: 'Write' }).click();
    assert.deepEqual(await acted, { type: 'act', action: 'write', source: 'engine', port: 3, value: { type: 'weaken' } });
    await dash.page.locator('.inspector .items', { hasText: 'weaken' }).waitFor();
    assert.deepEqual(engine.snapshot().find((p) => p.port === 3)?.items.at(-1), { type: 'weaken' });
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-inspector.png'), fullPage: true });
  });

  it('keeps the chosen view and the inspected port when the page is reloaded (hidden, then shown)', async () => {
    await dash.page.locator('[role="tab"]', { hasText: 'Table' }).click();
    await dash.page.locator('table caption', { hasText: 'Ports' }).waitFor();
    await dash.reload();
    await dash.page.locator('.tables th[scope="row"]', { hasText: 'Port 3' }).waitFor();
    assert.equal(await dash.page.locator('[role="tab"][aria-selected="true"]').textContent(), 'Table');
    assert.equal(await dash.page.locator('.inspector h2').textContent(), 'Port 3 · Embedded engine');
    assert.equal(await dash.page.locator('.tables tr', { hasText: 'planner' }).count(), 1, 'the flows table lists the planner');
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-table.png'), fullPage: true });
    await dash.page.locator('[role="tab"]', { hasText: 'Graph' }).click();
  });

  it('records port events, saves them, and replays the recording in the graph', async () => {
    const stopped = () => dash.page.locator('button', { hasText: /^Record$/ });
    await stopped().click();
    await dash.page.locator('button[aria-pressed="true"]').waitFor();
    engine.clear(1);
    const relay = engine.nsFor('relay');
    for (let i = 0; i < 4; i++) relay.writePort(9, i);
    await dash.page.locator('button', { hasText: /Stop Recording \(5 events\)/ }).click();
    await stopped().waitFor();
    const recording = dash.saved.at(-1)!;
    assert.deepEqual(recording.events.map((e) => `${e.kind} ${e.port}`), ['clear 1', 'write 9', 'write 9', 'write 9', 'write 9']);

    toOpen = JSON.parse(JSON.stringify(recording)) as Recording; // as it would come back from a file
    await dash.page.locator('button', { hasText: 'Open Recording' }).click();
    await dash.page.locator('.replay:not([hidden])').waitFor();
    // scrub to the start as a drag does (input events), then to the end with the keyboard
    await dash.page.locator('.replay input[type="range"]').evaluate((el, value) => {
      const input = el as unknown as { value: string; dispatchEvent(e: Event): boolean };
      input.value = String(value);
      input.dispatchEvent(new Event('input'));
    }, recording.startedAt);
    assert.equal(await node('port:engine:9').count(), 0, 'port 9 did not exist when the recording started');
    assert.match((await node('port:engine:1').getAttribute('aria-label')) ?? '', /1 of 5 items/);
    await dash.page.locator('.replay input[type="range"]').press('End');
    await node('port:engine:9').waitFor();
    assert.match((await node('port:engine:9').getAttribute('aria-label')) ?? '', /4 of 5 items, near full/);
    assert.match((await node('port:engine:1').getAttribute('aria-label')) ?? '', /0 of 5 items, empty/);
    assert.equal(await node('actor:relay->port:engine:9').count(), 1);
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-replay.png'), fullPage: true });
    await dash.page.locator('button', { hasText: 'Back to live' }).click();
    await dash.page.locator('.replay[hidden]').waitFor({ state: 'attached' });
  });

  it('ran under its strict Content-Security-Policy without a violation or an error', () => {
    assert.deepEqual(dash.pageErrors, []);
    assert.deepEqual(dash.failures, []);
  });
});
