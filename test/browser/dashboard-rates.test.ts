import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine/engine';
import { EngineSource } from '../../core/port-view/engine-source';
import { rateText } from '../../core/port-view/source';
import { DashboardPage } from './harness';

describe('dashboard rates since the engine started', () => {
  const engine = new PortEngine({ capacity: 1000 });
  // The source's own timer is off: the test samples the totals at the half seconds it chooses, as that timer would.
  const source = new EngineSource(engine, 'vscode', { sampleEveryMs: 0 });
  let dash: DashboardPage;

  before(async () => {
    // Six seconds of steady traffic before the panel opens: 10 writes and 4 reads of port 3 every half second.
    source.rates.sample(0);
    for (let step = 1; step <= 12; step++) {
      for (let i = 0; i < 10; i++) engine.write(3, i, 'miner.js');
      for (let i = 0; i < 4; i++) engine.read(3, 'sink.js');
      source.rates.sample(step * 500);
    }
    dash = await DashboardPage.open({ sources: [source] });
  });
  after(() => dash.close());

  it('a panel opened after the traffic shows its rate at once, as the engine measured it and the Ports view shows it', async () => {
    await dash.page.locator('[role="tab"]', { hasText: 'Table' }).click();
    const row = dash.page.locator('.tables tr', { has: dash.page.locator('th', { hasText: /^Port 3$/ }) });
    await row.waitFor();
    // Length, Fill, Writes/s, Reads/s, Writes, Reads, …
    const cells = await row.locator('td').allTextContents();
    const tree = source.ports().find((p) => p.port === 3)!;
    assert.deepEqual(tree.rates, { writes: 20, reads: 8 }, 'the engine measured 20 writes/s and 8 reads/s');
    assert.deepEqual(cells.slice(2, 4), [rateText(tree.rates!.writes), rateText(tree.rates!.reads)], 'the dashboard shows the same rates as the Ports view');
    assert.deepEqual(cells.slice(4, 6).map(Number), [120, 48]);
  });

  it('follows the engine\'s next sample', async () => {
    for (let i = 0; i < 30; i++) engine.write(3, i, 'miner.js');
    source.rates.sample(6500);
    const expected = rateText(source.rates.of(3).writes);
    assert.equal(expected, '24.0/s', 'a busier last half second');
    const row = dash.page.locator('.tables tr', { has: dash.page.locator('th', { hasText: /^Port 3$/ }) });
    await row.locator('td').nth(2).filter({ hasText: expected }).waitFor();
    assert.deepEqual(dash.pageErrors, []);
  });
});
