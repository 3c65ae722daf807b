import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { PortEngine } from '../../core/engine/engine';
import { DEFAULT_SYNC_OPTIONS } from '../../core/game-link/sync/file-sync';
import { bridgeSettings, syncSettings } from '../../extension/game-link/settings';
import type { PortsNode } from '../../extension/ports/nodes';
import { TestGame } from '../support/game-client';
import { runBridgeFiles, type RunningBridge } from '../support/in-game';
import { activateExtension, whenTrue } from './helpers';

describe('Game link', () => {
  let game: TestGame;
  let bridge: RunningBridge | undefined;

  after(async () => {
    bridge?.game.kill();
    await bridge?.ended;
    await vscode.commands.executeCommand('bitburnerPorts.gameLink.stop');
  });

  it('the game connects to the extension\'s server and a saved script reaches it', async () => {
    await activateExtension();
    const port = await vscode.commands.executeCommand<number>('bitburnerPorts.gameLink.start', { port: 0 });
    assert.ok(port > 0, 'the server listens');
    game = await new TestGame({ url: `ws://127.0.0.1:${port}` }).connect();

    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    const uri = vscode.Uri.joinPath(folder, 'game-link', 'hello.js');
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(folder, 'game-link'));
    await vscode.workspace.fs.writeFile(uri, Buffer.from('export async function main(ns) {}\n'));
    const editor = await vscode.window.showTextDocument(uri);
    await editor.edit((e) => e.insert(new vscode.Position(1, 0), '// saved in VS Code\n'));
    await editor.document.save();
    await game.until(() => game.file('game-link/hello.js')?.includes('saved in VS Code') === true);
    assert.ok(game.requests.some((r) => r.method === 'calculateRam' && r.params?.filename === 'game-link/hello.js'), 'RAM is asked for after the push');
  });

  it('installs the bridge, and the Game root shows a port written on the game side; row actions act on the game', async () => {
    const { ctx } = await activateExtension();
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.bridge.install'), 1.6);
    const engine = new PortEngine();
    bridge = await runBridgeFiles(engine, Object.fromEntries(game.servers.get('home')!));

    await vscode.commands.executeCommand('workbench.view.extension.bitburnerPorts');
    const tree = ctx.portsTree!;
    const gameRoot = () => tree.getChildren().find((n) => n.kind === 'source' && n.source.id === 'game');
    assert.ok(gameRoot(), 'the Ports view has a Game root');
    assert.equal(tree.getTreeItem(gameRoot()!).label, 'Game');
    await whenTrue(tree.onDidChangeTreeData, () => /^bridge pid 7/.test(String(tree.getTreeItem(gameRoot()!).description)));

    engine.ns.writePort(5, { type: 'grow', target: 'joesguns' });
    const port5 = () => tree.getChildren(gameRoot()).find((n): n is Extract<PortsNode, { kind: 'port' }> => n.kind === 'port' && n.state.port === 5);
    await whenTrue(tree.onDidChangeTreeData, () => port5() !== undefined);
    assert.match(String(tree.getTreeItem(port5()!).description), /^≥1\/50( · |$)/, 'the depth is not known (what the bridge noticed may follow)');
    assert.equal(tree.getTreeItem(port5()!).contextValue, 'port.game.unpinned.shallow', 'the menus offer Pin and Deep View On');
    const [front, note] = tree.getChildren(port5());
    assert.equal(tree.getTreeItem(front!).label, '#0  {"type":"grow","target":"joesguns"}');
    assert.match(String(tree.getTreeItem(note!).label), /turn on deep view/);

    assert.deepEqual(await vscode.commands.executeCommand('bitburnerPorts.readPort', port5()), { type: 'grow', target: 'joesguns' });
    assert.equal(engine.empty(5), true, 'the read happened on the game\'s port');

    await vscode.commands.executeCommand('bitburnerPorts.bridge.pinPort', { port: 4242 });
    const port4242 = () => tree.getChildren(gameRoot()).find((n) => n.kind === 'port' && n.state.port === 4242);
    await whenTrue(tree.onDidChangeTreeData, () => port4242() !== undefined);
    assert.equal(tree.getTreeItem(port4242()!).description, '0/50 · empty', 'a pinned port is watched and shown even when empty');
    await vscode.commands.executeCommand('bitburnerPorts.bridge.unpinPort', { port: 4242 });
  });

  it('a list setting given as text is reported with what to fix, and its default is used (no crash)', async () => {
    const settings = vscode.workspace.getConfiguration('bitburnerPorts');
    await settings.update('bridge.watchPorts', '10,11', vscode.ConfigurationTarget.Workspace);
    await settings.update('sync.exclude', [42], vscode.ConfigurationTarget.Workspace);
    try {
      const warnings: string[] = [];
      assert.deepEqual(bridgeSettings((m) => warnings.push(m)).watch, Array.from({ length: 20 }, (_, i) => i + 1));
      assert.deepEqual(syncSettings((m) => warnings.push(m))?.exclude, DEFAULT_SYNC_OPTIONS.exclude);
      assert.deepEqual(warnings, [
        'Setting "bitburnerPorts.bridge.watchPorts" is "10,11", which is not a list like [1, 2, 10]; using [1,2,3,4,5,6,7,8,9,10,11,12,13,14,15,16,17,18,19,20]. Fix it in Settings.',
        `Setting "bitburnerPorts.sync.exclude" is [42], which is not a list like ["**/drafts/**"]; using ${JSON.stringify(DEFAULT_SYNC_OPTIONS.exclude)}. Fix it in Settings.`,
      ]);
    } finally {
      await settings.update('bridge.watchPorts', undefined, vscode.ConfigurationTarget.Workspace);
      await settings.update('sync.exclude', undefined, vscode.ConfigurationTarget.Workspace);
    }
  });
});
