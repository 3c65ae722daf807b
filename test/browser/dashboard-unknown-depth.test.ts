import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine/engine';
import { GameSource } from '../../core/game-link/bridge/game-source';
import { newBridgeToken } from '../../core/game-link/bridge/install';
import { GameLink } from '../../core/game-link/link';
import { runBridge, type RunningBridge } from '../support/in-game';
import { DashboardPage, resultsDir } from './harness';

describe('dashboard page: a game port whose depth is not known', () => {
  const token = newBridgeToken();
  const link = new GameLink({ server: { port: 0 }, bridge: { token, pollMs: 20 } });
  const engine = new PortEngine({ capacity: 50 });
  let bridge: RunningBridge;
  let dash: DashboardPage;

  before(async () => {
    mkdirSync(resultsDir, { recursive: true });
    await link.server.start();
    link.hub.setWatch([4], []);
    bridge = await runBridge(engine, { url: link.bridgeUrl(), token, liveness: false });
    const source = new GameSource(link.server, link.hub, { capacity: () => 50, pinned: () => new Set([4]) });
    await new Promise<void>((done) => {
      const stop = source.watch(() => source.ports().length && (stop(), done()));
    });
    dash = await DashboardPage.open({ sources: [source] });
  });
  after(async () => {
    await dash.close();
    bridge.game.kill();
    await bridge.ended;
    await link.stop();
  });

  it('draws the depth as unknown (never as 1/50), with the writes the bridge noticed, and a legend for every node kind', async () => {
    const ns = engine.nsFor('worker');
    for (let i = 1; i <= 5; i++) ns.writePort(4, { job: i });
    const row = dash.page.locator('.spark-text', { hasText: '≥1/50 · depth unknown without deep view' });
    await row.waitFor();
    assert.equal(await dash.page.locator('[data-id="port:game:4"] .depth').textContent(), '≥1/50');
    assert.match((await dash.page.locator('[data-id="port:game:4"]').getAttribute('aria-label')) ?? '', /at least 1 of 50 items/);
    const legend = dash.page.locator('.legend');
    await legend.locator('summary').click();
    const names = await legend.locator('li strong').allTextContents();
    assert.deepEqual(names, ['script (from code)', 'external process', 'actor', '(untagged) actor', 'port']);
    // The node the game's snapshots draw is the untagged actor; the legend says what it is.
    assert.equal(await dash.page.locator('[data-id="actor:(untagged)"]').count(), 1);
    assert.match((await legend.locator('li[data-kind="untagged"]').textContent()) ?? '', /game ports seen through the bridge/);
    await dash.page.screenshot({ path: join(resultsDir, 'dashboard-unknown-depth.png'), fullPage: true });
    assert.deepEqual(dash.pageErrors, []);
  });
});
