import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import { TestGame } from '../support/game-client';
import { activateExtension, when } from './helpers';

// Shaped like the game's file: exported interfaces, doc comments with RAM costs.
const DEFINITIONS = `/** A port handle. */
export interface NetscriptPort {
  /** Write data to a port. */
  write(value: any): any;
  read(): any;
  empty(): boolean;
}
export interface NS {
  /**
   * Get a handle to a Netscript Port.
   * RAM cost: 0 GB
   */
  getPortHandle(portNumber: number): NetscriptPort;
  readonly args: (string | number | boolean)[];
}
`;

describe('Types in one step', () => {
  let game: TestGame;
  after(async () => {
    game?.socket.close();
    await vscode.commands.executeCommand('bitburnerPorts.gameLink.stop');
  });

  it("after fetching the definitions, @param {NS} ns in a .js script has the game's types: hover and errors", async () => {
    await activateExtension();
    const port = await vscode.commands.executeCommand<number>('bitburnerPorts.gameLink.start', { port: 0 });
    game = new TestGame({ url: `ws://127.0.0.1:${port}` });
    game.definitions = DEFINITIONS;
    await game.connect();
    const folder = vscode.workspace.workspaceFolders![0]!.uri;
    await vscode.commands.executeCommand('bitburnerPorts.gameLink.fetchDefinitions');
    await vscode.commands.executeCommand('bitburnerPorts.types.setUp');
    for (const name of ['NetscriptGlobals.d.ts', 'jsconfig.json']) await vscode.workspace.fs.stat(vscode.Uri.joinPath(folder, name));

    const uri = vscode.Uri.joinPath(folder, 'types-check.js');
    const text = '/** @param {NS} ns */\nexport async function main(ns) {\n  const h = ns.getPortHandle(1);\n  ns.getPortHandle("one");\n  return h;\n}\n';
    await vscode.workspace.fs.writeFile(uri, Buffer.from(text));
    const errors = when(vscode.languages.onDidChangeDiagnostics, () => vscode.languages.getDiagnostics(uri).some((d) => d.source === 'ts'));
    await vscode.window.showTextDocument(uri);
    await errors;
    const messages = vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'ts');
    assert.ok(messages.some((d) => d.range.start.line === 3 && /'string' is not assignable to parameter of type 'number'/.test(d.message)), messages.map((d) => d.message).join('\n'));
    assert.ok(!messages.some((d) => d.range.start.line === 2), 'the right call is no error');

    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, new vscode.Position(2, 17));
    const shown = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(shown, /getPortHandle\(portNumber: number\): NetscriptPort/);
  });
});
