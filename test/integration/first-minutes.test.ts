import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { shouldAutoStart } from '../../extension/game-link/relevance';
import { TestGame } from '../support/game-client';
import { ACTIVE_BEFORE_ANY_TEST, activateExtension, EXTENSION_ID, when, whenTrue } from './helpers';

interface Contributes {
  viewsWelcome: { view: string; contents: string }[];
  commands: { command: string; title: string }[];
  menus: { commandPalette: { command: string; when: string }[] };
  activationEvents?: string[];
}

const packageJson = () => vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON as { contributes: Contributes; activationEvents: string[] };
const GAME_ONLY = ['sync.pushAll', 'sync.pull', 'sync.chooseServer', 'bridge.install', 'gameLink.fetchDefinitions', 'gameLink.backupSave', 'bridge.pinPort', 'bridge.unpinPort', 'bridge.deepViewOn', 'bridge.deepViewOff'];

describe('The first minutes in the editor', () => {
  it('every view has a welcome text whose buttons run registered commands, named as the commands are', async () => {
    await activateExtension();
    const { viewsWelcome, commands } = packageJson().contributes;
    const registered = await vscode.commands.getCommands(true);
    for (const view of ['bitburnerPorts.ports', 'bitburnerPorts.registry', 'bitburnerPorts.portMap', 'bitburnerPorts.processes']) {
      const welcome = viewsWelcome.find((w) => w.view === view);
      assert.ok(welcome, `${view} has a welcome text`);
      for (const [, label, id] of welcome.contents.matchAll(/\[([^\]]+)\]\(command:([\w.]+)\)/g)) {
        assert.ok(registered.includes(id!), `${id} is registered`);
        const title = commands.find((c) => c.command === id)?.title;
        assert.equal(label, title, `the button says what the command is called (${id})`);
      }
    }
  });

  it('the Registry view has no rows while nothing is reserved, so its welcome text explains it', async () => {
    const { ctx } = await activateExtension();
    for (const r of ctx.registry.status().reserved) ctx.registry.release(r.port, r.owner);
    assert.deepEqual(await ctx.registryTree!.getChildren(), []);
  });

  it('a reservation by tag shows as a tag, not as a process that does not exist', async () => {
    const { ctx } = await activateExtension();
    const port = await vscode.commands.executeCommand<number>('bitburnerPorts.reservePort', { tag: 'hud.js' });
    const rows = (await ctx.registryTree!.getChildren())!;
    const item = await ctx.registryTree!.getTreeItem(rows[0]!);
    assert.equal(item.label, `Port ${port}`);
    assert.equal(item.description, 'tag "hud.js"');
    assert.equal((item.iconPath as vscode.ThemeIcon).id, 'tag');
    await vscode.commands.executeCommand('bitburnerPorts.releasePort', { port, owner: { kind: 'process', tag: 'hud.js' } });
  });

  it('game-only commands are in the palette only while a game is connected', async () => {
    const { ctx } = await activateExtension();
    const palette = packageJson().contributes.menus.commandPalette;
    for (const id of GAME_ONLY) assert.equal(palette.find((m) => m.command === `bitburnerPorts.${id}`)?.when, 'bitburnerPorts.gameConnected', `${id} is hidden without a game`);
    await vscode.commands.executeCommand('bitburnerPorts.gameLink.stop');
    assert.equal(ctx.contextKeys.get('bitburnerPorts.gameConnected'), false);
    assert.equal(ctx.contextKeys.get('bitburnerPorts.serverRunning'), false);

    const port = await vscode.commands.executeCommand<number>('bitburnerPorts.gameLink.start', { port: 0 });
    assert.equal(ctx.contextKeys.get('bitburnerPorts.serverRunning'), true);
    // The keys change on the link's status event, before the Game root joins the Ports view on the same event.
    const connected = whenTrue(ctx.onDidChangeSources, () => ctx.contextKeys.get('bitburnerPorts.gameConnected') === true);
    const game = await new TestGame({ url: `ws://127.0.0.1:${port}` }).connect();
    await connected;
    const left = when(ctx.onDidChangeSources);
    await game.leave();
    await left;
    assert.equal(ctx.contextKeys.get('bitburnerPorts.gameConnected'), false, 'hidden again once the game left');
    await vscode.commands.executeCommand('bitburnerPorts.gameLink.stop');
    assert.equal(ctx.contextKeys.get('bitburnerPorts.gameConnected'), false);
    assert.equal(ctx.contextKeys.get('bitburnerPorts.serverRunning'), false);
  });

  it('activates only where it is relevant, and starts the server by itself in a Bitburner workspace', async () => {
    const { activationEvents } = packageJson();
    assert.ok(!activationEvents.includes('onStartupFinished'), 'not in every window');
    assert.ok(activationEvents.includes('workspaceContains:**/bbports.json'));
    assert.ok(activationEvents.includes('workspaceContains:**/NetscriptDefinitions.d.ts'));
    // The fixture is a player's folder (game scripts and a bbports.json): VS Code activated the extension on opening it.
    assert.ok(ACTIVE_BEFORE_ANY_TEST, 'active by its activation events, before any test ran a command or activate()');
    // The fixture is a Bitburner folder by its bbports.json (its `main(ns)` scripts alone would make it one too).
    assert.equal(await shouldAutoStart(), true);
  });
});
