import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PortsNode } from '../../extension/ports/nodes';
import { activateExtension, when } from './helpers';

describe('Ports view', () => {
  it('activates and registers its commands', async () => {
    await activateExtension();
    const commands = await vscode.commands.getCommands(true);
    for (const name of ['writePort', 'tryWritePort', 'readPort', 'peekPort', 'clearPort', 'reservePort', 'releasePort']) {
      assert.ok(commands.includes(`bitburnerPorts.${name}`), `bitburnerPorts.${name} is registered`);
    }
  });

  it('shows no rows while the engine is empty, so the welcome text tells the user what to do', async () => {
    const { ctx } = await activateExtension();
    ctx.engine.reset();
    // A port that drained stays in the engine's map for a while (issue 19), invisible to scripts and so to the view.
    ctx.engine.ns.writePort(9, 'drained');
    ctx.engine.ns.readPort(9);
    assert.deepEqual(ctx.portsTree!.getChildren(), []);
  });

  it('a write command makes the port appear in the tree with its item, and clear empties it', async () => {
    const { ctx } = await activateExtension();
    await vscode.commands.executeCommand('workbench.view.extension.bitburnerPorts');
    const tree = ctx.portsTree;
    assert.ok(tree, 'the Ports view is registered');
    const evicted = await vscode.commands.executeCommand('bitburnerPorts.writePort', { source: 'engine', port: 7, value: { type: 'hack', target: 'n00dles' } });
    assert.equal(evicted, null);
    const [root] = tree.getChildren();
    assert.ok(root && root.kind === 'source');
    assert.equal(tree.getTreeItem(root).label, 'Embedded engine');
    const ports = tree.getChildren(root);
    const port7 = ports.find((n): n is Extract<PortsNode, { kind: 'port' }> => n.kind === 'port' && n.state.port === 7);
    assert.ok(port7, 'port 7 is listed');
    assert.equal(tree.getTreeItem(port7).description, '1/50');
    const items = tree.getChildren(port7);
    assert.equal(items.length, 1);
    assert.equal(tree.getTreeItem(items[0]!).label, '#0  {"type":"hack","target":"n00dles"}');

    await vscode.commands.executeCommand('bitburnerPorts.clearPort', port7);
    assert.equal(tree.getChildren(root).some((n) => n.kind === 'port' && n.state.port === 7), false);
  });

  it('shows an overflowing write as an eviction, and read returns the front item', async () => {
    const { ctx } = await activateExtension();
    const refreshed = when(ctx.portsTree!.onDidChangeTreeData);
    for (let i = 0; i < 51; i++) ctx.engine.ns.writePort(8, i);
    await refreshed;
    const port8 = ctx.portsTree!.getChildren(ctx.portsTree!.getChildren()[0]).find((n) => n.kind === 'port' && n.state.port === 8)!;
    assert.equal(ctx.portsTree!.getTreeItem(port8).description, '50/50 · full · 1 evicted');
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.readPort', { source: 'engine', port: 8 }), 1);
    ctx.engine.clear(8);
  });

  it('reserve hands out the lowest free port from 1024, and release returns it for reuse', async () => {
    const { ctx } = await activateExtension();
    const port = await vscode.commands.executeCommand<number>('bitburnerPorts.reservePort', { tag: 'planner' });
    assert.equal(port, ctx.registry.status().reserved.find((r) => r.owner.kind === 'process' && r.owner.tag === 'planner')?.port);
    assert.ok(port >= 1024);
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.releasePort', { port, owner: { kind: 'process', tag: 'planner' } }), true);
    assert.equal(await vscode.commands.executeCommand<number>('bitburnerPorts.reservePort', { tag: 'again' }), port);
  });
});
