import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import type { ToWebview } from '../../core/dashboard/protocol';
import type { DashboardPanel } from '../../extension/dashboard/panel';
import { activateExtension, EXTENSION_ID, when } from './helpers';

const ECHO = resolve(__dirname, '../../../test/fixtures/programs/echo.js');

describe('Port dashboard', () => {
  it('is offered in the Ports view title bar', async () => {
    await activateExtension();
    const menus = vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.menus['view/title'] as { command: string; when: string }[];
    assert.ok(menus.some((m) => m.command === 'bitburnerPorts.openDashboard' && m.when === 'view == bitburnerPorts.ports'));
  });

  it('opens from its command, loads its page, and shows a write to a port', async () => {
    const { ctx } = await activateExtension();
    const dashboard = await vscode.commands.executeCommand<DashboardPanel>('bitburnerPorts.openDashboard');
    // The page asks for the state once its script runs: proof that it loaded under the CSP.
    const state = await when(dashboard.onDidPost, (m) => m.type === 'state');
    assert.equal(state.type === 'state' && state.state.sources[0]?.id, 'engine');

    const isWrite = (m: ToWebview) => m.type === 'delta' && m.delta.ports.some((p) => p.id === 'port:engine:41' && p.size === 1 && p.recent.some((e) => e.value === '"hello"'));
    const shown = when(dashboard.onDidPost, isWrite);
    await vscode.commands.executeCommand('bitburnerPorts.writePort', { source: 'engine', port: 41, value: 'hello' });
    const delta = await shown;
    assert.ok(delta.type === 'delta');
    assert.ok(delta.delta.edges.some((e) => e.id === 'actor:vscode->port:engine:41' && e.count === 1), 'the command writes as "vscode"');

    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.openDashboard'), dashboard, 'a second open brings the same panel forward');
    dashboard.panel.dispose();
    ctx.engine.clear(41);
  });

  it('draws an external process the process manager runs, with the ports it declares, before any traffic', async () => {
    await activateExtension();
    const tag = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess', { commandLine: `node ${ECHO}`, inputPort: 211, outputPort: 212, name: 'dash-echo' });
    assert.equal(tag, 'dash-echo');
    const dashboard = await vscode.commands.executeCommand<DashboardPanel>('bitburnerPorts.openDashboard');
    const message = await when(dashboard.onDidPost, (m) => m.type === 'state');
    assert.ok(message.type === 'state');
    const { actors, edges } = message.state;
    assert.deepEqual(actors.filter((a) => a.id === 'actor:dash-echo').map((a) => a.kind), ['process']);
    assert.deepEqual(edges.filter((e) => e.id.includes('actor:dash-echo')).map((e) => [e.id, e.fromCode]).sort(), [['actor:dash-echo->port:engine:212', true], ['port:engine:211->actor:dash-echo', true]]);
    dashboard.panel.dispose();
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', tag), true);
  });
});
