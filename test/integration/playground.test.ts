import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import * as vscode from 'vscode';
import type { PlaygroundResult } from '../../core/playground/host';
import type { PortsNode } from '../../extension/ports/nodes';
import { activateExtension, whenTrue } from './helpers';

describe('Run in Playground', () => {
  it('is offered on a .js script and its run shows the script\'s port in the Ports view', async () => {
    const { ctx } = await activateExtension();
    const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
    assert.ok(folder, 'the test workspace is open');
    const file = join(folder, 'playground-demo.js');
    writeFileSync(file, "export async function main(ns) {\n  ns.print('hello from the playground');\n  ns.writePort(42, { job: 'hack', target: 'n00dles' });\n  await ns.nextPortWrite(43);\n}\n");
    await vscode.window.showTextDocument(vscode.Uri.file(file));
    const commands = await vscode.commands.getCommands(true);
    for (const c of ['run', 'stop', 'speed']) assert.ok(commands.includes(`bitburnerPorts.playground.${c}`), `bitburnerPorts.playground.${c} is registered`);

    const result = (await vscode.commands.executeCommand('bitburnerPorts.playground.run')) as PlaygroundResult;
    assert.equal(result.kind, 'ended');
    assert.ok(result.events.some((e) => e.type === 'log' && e.line === 'hello from the playground'));

    await vscode.commands.executeCommand('workbench.view.extension.bitburnerPorts');
    const tree = ctx.portsTree!;
    const root = () => tree.getChildren().find((n) => n.kind === 'source' && tree.getTreeItem(n).label === 'Playground: playground-demo.js');
    await whenTrue(tree.onDidChangeTreeData, () => root() !== undefined);
    const port42 = tree.getChildren(root()).find((n): n is Extract<PortsNode, { kind: 'port' }> => n.kind === 'port' && n.state.port === 42);
    assert.ok(port42, 'port 42 is listed under the playground');
    assert.equal(tree.getTreeItem(port42).description, '1/50');
    assert.equal(tree.getTreeItem(tree.getChildren(port42)[0]!).label, '#0  {"job":"hack","target":"n00dles"}');

    // Closing the run's terminal ends the session and takes its root out of the view.
    vscode.window.terminals.find((t) => t.name === 'Playground: playground-demo.js')?.dispose();
    await whenTrue(tree.onDidChangeTreeData, () => root() === undefined);
  });

  it('a test file using the testing API shows in the Test Explorer, with a result per test', async () => {
    const { ctx } = await activateExtension();
    const folder = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    writeFileSync(join(folder, 'pinger.js'), "export async function main(ns) { ns.writePort(5, 'ping'); }\n");
    writeFileSync(
      join(folder, 'pinger.test.mjs'),
      [
        "import assert from 'node:assert/strict';",
        "import { test } from 'node:test';",
        "import { simulate } from 'bitburner-ports/testing';",
        'const root = new URL(".", import.meta.url).pathname;',
        "test('pinger writes ping', async () => assert.deepEqual((await simulate({ root, start: ['pinger.js'] })).writes(5), ['ping']));",
        "test('pinger writes pong', async () => assert.deepEqual((await simulate({ root, start: ['pinger.js'] })).writes(5), ['pong']));",
        '',
      ].join('\n'),
    );
    const tests = ctx.playgroundTests!;
    await tests.discover();
    const file = [...iterate(tests.controller.items)].find((i) => i.uri?.fsPath.endsWith('pinger.test.mjs'));
    assert.ok(file, 'the test file is listed');
    await tests.runAll();
    assert.equal(tests.outcomes.get('pinger writes ping'), 'passed');
    assert.equal(tests.outcomes.get('pinger writes pong'), 'failed');
    assert.deepEqual([...iterate(file.children)].map((c) => c.label).sort(), ['pinger writes ping', 'pinger writes pong']);
  });
});

function* iterate(items: vscode.TestItemCollection): Generator<vscode.TestItem> {
  const all: vscode.TestItem[] = [];
  items.forEach((i) => all.push(i));
  yield* all;
}
