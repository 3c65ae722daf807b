import assert from 'node:assert/strict';
import { writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import * as vscode from 'vscode';
import type { ProcessInspection } from '../../core/process';
import { activateExtension, whenTrue } from './helpers';

// Run by test/vscode/run.mjs's untrusted pass: Workspace Trust on, the workspace not trusted.
const ECHO = resolve(__dirname, '../../../test/fixtures/programs/echo.js');

const trustEditorOpen = () => vscode.window.tabGroups.all.some((g) => g.tabs.some((t) => t.label === 'Workspace Trust'));

describe('External Port processes in an untrusted workspace', () => {
  it('a program from bbports.json is refused, with a Manage Workspace Trust button that opens the trust editor', async () => {
    await activateExtension();
    assert.equal(vscode.workspace.isTrusted, false, 'this pass runs with Workspace Trust on and the workspace untrusted');
    const root = vscode.workspace.workspaceFolders![0]!.uri.fsPath;
    writeFileSync(join(root, 'bbports.json'), JSON.stringify({ processes: [{ name: 'untrusted-echo', command: 'node', args: [ECHO], inputPort: 221 }] }));
    await vscode.commands.executeCommand('bitburnerPorts.reloadProcessDefinitions');

    const opened = whenTrue(vscode.window.tabGroups.onDidChangeTabs, trustEditorOpen);
    assert.equal(await vscode.commands.executeCommand<boolean>('bitburnerPorts.startProcess', 'untrusted-echo'), false);
    const info = await vscode.commands.executeCommand<ProcessInspection>('bitburnerPorts.inspectProcess', 'untrusted-echo');
    assert.equal(info.status, 'idle');
    assert.equal(info.pid, undefined, 'the program never ran');
    // Headless, the toast may be gone already: open the notification list, where the harness presses the button as a
    // person would.
    await vscode.commands.executeCommand('notifications.showList');
    await opened;
  });
});
