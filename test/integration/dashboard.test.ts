import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { ToWebview } from '../../core/dashboard/protocol';
import type { DashboardPanel } from '../../extension/dashboard/panel';
import { activateExtension, EXTENSION_ID, when } from './helpers';

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
});
