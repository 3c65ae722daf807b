import assert from 'node:assert/strict';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { approvalKey, parseDefinitions, type ProcessInspection } from '../../core/process';
import type { PortsNode } from '../../extension/ports/nodes';
import { activateExtension, when } from './helpers';

const ECHO = resolve(__dirname, '../../../test/fixtures/programs/echo.js');

/** Resolves once the registry no longer holds `port`: the process that held it has stopped. */
function released(registry: { onChange(l: () => void): () => void; holder(port: number): unknown }, port: number): Promise<void> {
  return new Promise((done) => {
    const stop = registry.onChange(() => {
      if (registry.holder(port)) return;
      stop();
      done();
    });
  });
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe('External Port processes', () => {
  it('spawn opens a terminal, the program\'s output shows on a port in the Ports view, and stop ends it', async () => {
    const { ctx } = await activateExtension();
    await vscode.commands.executeCommand('workbench.view.extension.bitburnerPorts');
    const opened = when(vscode.window.onDidOpenTerminal, (t) => t.name.startsWith('echo-it'));
    const tag = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess', { commandLine: `node ${ECHO}`, inputPort: 201, outputPort: 202, name: 'echo-it' });
    assert.equal(tag, 'echo-it');
    await opened;

    const echoed = new Promise<void>((done) => {
      const stop = ctx.engine.subscribe((e) => e.kind === 'write' && e.port === 202 && (stop(), done()));
    });
    ctx.engine.write(201, 'hello from VS Code');
    await echoed;
    const tree = ctx.portsTree!;
    const engineRoot = tree.getChildren().find((n) => n.kind === 'source' && n.source.id === 'engine')!;
    const port202 = tree.getChildren(engineRoot).find((n): n is Extract<PortsNode, { kind: 'port' }> => n.kind === 'port' && n.state.port === 202);
    assert.ok(port202, 'port 202 is listed in the Ports view');
    assert.equal(tree.getTreeItem(tree.getChildren(port202)[0]!).label, '#0  "hello from VS Code"');

    const info = await vscode.commands.executeCommand<ProcessInspection>('bitburnerPorts.inspectProcess', tag);
    assert.equal(info.status, 'running');
    assert.deepEqual([info.messagesIn, info.messagesOut], [1, 1]);
    assert.ok(alive(info.pid!));
    assert.equal(ctx.registry.holder(201)?.owner.kind, 'process');

    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', tag), true);
    assert.equal(alive(info.pid!), false, 'the program has ended');
    assert.equal(ctx.registry.holder(201), undefined, 'its ports are free again');
    ctx.engine.clear(202);
  });

  it('closing its terminal stops the process', async () => {
    const { ctx } = await activateExtension();
    const opened = when(vscode.window.onDidOpenTerminal, (t) => t.name.startsWith('echo-close'));
    const tag = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess', { commandLine: `node ${ECHO}`, inputPort: 203, name: 'echo-close' });
    const terminal = await opened;
    const { pid } = (await vscode.commands.executeCommand<ProcessInspection>('bitburnerPorts.inspectProcess', tag));
    assert.ok(alive(pid!));
    const stopped = released(ctx.registry, 203);
    terminal.dispose();
    await stopped;
    assert.equal(alive(pid!), false);
  });

  it('a program that cannot start is reported, not silent', async () => {
    await activateExtension();
    const tag = await vscode.commands.executeCommand<string | undefined>('bitburnerPorts.spawnProcess', { commandLine: 'bbports-no-such-program --x', name: 'missing' });
    assert.equal(tag, undefined);
    const info = await vscode.commands.executeCommand<ProcessInspection>('bitburnerPorts.inspectProcess', 'missing');
    assert.equal(info.status, 'failed');
    assert.match(info.lastError!, /no such program \(ENOENT\)/);
  });

  it('a process from the workspace settings runs in a trusted workspace once approved for it', async () => {
    const { ctx } = await activateExtension();
    // The harness runs with trust disabled, which VS Code treats as trusted; the untrusted refusal is a unit test.
    assert.equal(vscode.workspace.isTrusted, true);
    const definition = { name: 'ws-echo', command: 'node', args: [ECHO], inputPort: 206 };
    const settings = vscode.workspace.getConfiguration('bitburnerPorts');
    await settings.update('processes', [definition], vscode.ConfigurationTarget.Workspace);
    await vscode.commands.executeCommand('bitburnerPorts.reloadProcessDefinitions');
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    const spec = parseDefinitions([definition], 'test', root).specs[0]!;
    // The approval a user gives in the modal prompt, remembered for this workspace.
    await ctx.extension.workspaceState.update(approvalKey('workspace', spec), true);
    const started = await vscode.commands.executeCommand<boolean>('bitburnerPorts.startProcess', 'ws-echo');
    assert.equal(started, true);
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', 'ws-echo'), true);
    await ctx.extension.workspaceState.update(approvalKey('workspace', spec), undefined);
    await settings.update('processes', undefined, vscode.ConfigurationTarget.Workspace);
  });
});
