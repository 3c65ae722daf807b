import assert from 'node:assert/strict';
import * as vscode from 'vscode';
import type { PortMapFeed } from '../../extension/language/feature';
import { activateExtension, when } from './helpers';

const folder = () => vscode.workspace.workspaceFolders![0]!.uri;
const fixture = (name: string) => vscode.Uri.joinPath(folder(), 'lint', name);

/** The file's diagnostics from this extension once `test` accepts them: checked now, then on each change. */
async function diagnosticsOf(uri: vscode.Uri, test: (d: vscode.Diagnostic[]) => boolean): Promise<vscode.Diagnostic[]> {
  const ours = () => vscode.languages.getDiagnostics(uri).filter((d) => d.source === 'bitburner-ports');
  if (!test(ours())) await when(vscode.languages.onDidChangeDiagnostics, (e) => e.uris.some((u) => u.toString() === uri.toString()) && test(ours()));
  return ours();
}

const rule = (d: vscode.Diagnostic) => (typeof d.code === 'object' ? String(d.code.value) : String(d.code));

describe('Port lint', () => {
  it('lints an opened script: diagnostics with rule codes linking to their docs', async () => {
    await activateExtension();
    const uri = fixture('worker.js');
    const pending = diagnosticsOf(uri, (d) => d.length > 0);
    await vscode.window.showTextDocument(uri);
    const diagnostics = await pending;
    assert.deepEqual(diagnostics.map(rule), ['port-empty-falsy']);
    const [d] = diagnostics;
    assert.equal(d!.severity, vscode.DiagnosticSeverity.Error);
    assert.equal(d!.range.start.line, 8);
    const code = d!.code as { value: string; target: vscode.Uri };
    assert.match(code.target.path, /language\/docs\/rules\.md$/);
    assert.equal(code.target.fragment, 'port-empty-falsy');
  });

  it('a quick fix applies and the diagnostic goes away', async () => {
    const uri = fixture('worker.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const [d] = await diagnosticsOf(uri, (list) => list.some((x) => rule(x) === 'port-empty-falsy'));
    const actions = await vscode.commands.executeCommand<vscode.CodeAction[]>('vscode.executeCodeActionProvider', uri, d!.range, vscode.CodeActionKind.QuickFix.value);
    const titles = actions.map((a) => a.title);
    assert.ok(titles.includes('Suppress port-empty-falsy on this line'), titles.join(' | '));
    const fix = actions.find((a) => a.title === 'Compare with "NULL PORT DATA"');
    assert.ok(fix?.edit, titles.join(' | '));
    const cleared = diagnosticsOf(uri, (list) => !list.some((x) => rule(x) === 'port-empty-falsy'));
    assert.ok(await vscode.workspace.applyEdit(fix.edit));
    await cleared;
    // worker.js writes its strings with single quotes: the fix follows it.
    assert.equal(doc.lineAt(8).text.trim(), "if (job === 'NULL PORT DATA') continue;");
  });

  it('the Port Map view lists the fixture ports with who uses them, resolved across imports', async () => {
    const { ctx } = await activateExtension();
    await vscode.commands.executeCommand('bitburnerPorts.lintWorkspace');
    const tree = (ctx.portMap as PortMapFeed).tree;
    const ports = tree.getChildren();
    const labels = ports.map((n) => tree.getTreeItem(n).label);
    assert.ok(labels.includes('Port 41') && labels.includes('Port 42'), labels.join(', '));
    const jobs = ports.find((n) => tree.getTreeItem(n).label === 'Port 41')!;
    assert.equal(tree.getTreeItem(jobs).description, 'writer, consumer, waiter', 'short: counts and message types are in the tooltip');
    assert.match((tree.getTreeItem(jobs).tooltip as vscode.MarkdownString).value, /1 writer, 1 consumer, 1 waiter/);
    assert.match((tree.getTreeItem(jobs).tooltip as vscode.MarkdownString).value, /Message types: `hack`/);
    const uses = tree.getChildren(jobs).map((n) => tree.getTreeItem(n));
    assert.deepEqual(uses.map((i) => `${i.label} ${i.description}`), ['writer lint/boss.js:5', 'consumer lint/worker.js:8', 'waiter lint/worker.js:7']);
    assert.equal(uses[0]!.command?.command, 'vscode.open');
  });

  it('a rule turned off in the settings disappears, and comes back when the setting is removed', async () => {
    const uri = fixture('announce.js');
    await vscode.workspace.openTextDocument(uri);
    const [hint] = await diagnosticsOf(uri, (list) => list.some((x) => rule(x) === 'port-await-sync'));
    assert.equal(hint!.severity, vscode.DiagnosticSeverity.Hint);
    const settings = vscode.workspace.getConfiguration('bitburnerPorts');
    const gone = diagnosticsOf(uri, (list) => !list.some((x) => rule(x) === 'port-await-sync'));
    await settings.update('lint.rules', { 'port-await-sync': 'off' }, vscode.ConfigurationTarget.Workspace);
    await gone;
    const back = diagnosticsOf(uri, (list) => list.some((x) => rule(x) === 'port-await-sync'));
    await settings.update('lint.rules', undefined, vscode.ConfigurationTarget.Workspace);
    await back;
  });

  it('the type-aware phase adds what only the checker can tell, after the fast diagnostics', async () => {
    const uri = fixture('planner.js');
    await vscode.workspace.openTextDocument(uri);
    const diagnostics = await diagnosticsOf(uri, (list) => list.some((x) => rule(x) === 'port-uncloneable-write'));
    const d = diagnostics.find((x) => rule(x) === 'port-uncloneable-write')!;
    assert.equal(d.severity, vscode.DiagnosticSeverity.Error);
    assert.match(d.message, /writes a Promise \(its type says so\)/);
    assert.deepEqual([d.range.start.line, d.range.start.character], [4, 35]);
  });

  it('hovering a port constant shows its uses', async () => {
    const uri = fixture('boss.js');
    const doc = await vscode.workspace.openTextDocument(uri);
    const at = doc.positionAt(doc.getText().indexOf('PORTS.RESULTS') + 7);
    const hovers = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', uri, at);
    const text = hovers.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n');
    assert.match(text, /\*\*Port 42\*\*: 1 writer, 1 consumer, 1 waiter/);
    assert.match(text, /writes `done` messages: \{ type, target \}/);

    const lib = fixture('ports.js');
    const libDoc = await vscode.workspace.openTextDocument(lib);
    const onName = await vscode.commands.executeCommand<vscode.Hover[]>('vscode.executeHoverProvider', lib, libDoc.positionAt(libDoc.getText().indexOf('JOBS')));
    assert.match(onName.flatMap((h) => h.contents.map((c) => (typeof c === 'string' ? c : c.value))).join('\n'), /\*\*Port 41\*\*: 1 writer, 1 consumer, 1 waiter/);
  });
});
