import { spawn } from 'node:child_process';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as vscode from 'vscode';
import { parseTap } from '../../core/playground/tap';
import type { PortsContext } from '../context';

const PATTERN = '**/*.test.{mjs,js}';
const USES_API = /bitburner-ports\/testing/;

/**
 * A test file that uses the testing API (`bitburner-ports/testing`), run with `node --test`; the bare import resolves
 * to the workspace's own copy when it has one, else to this extension's.
 */
function resolveHook(extensionDist: string): string {
  const testing = pathToFileURL(join(extensionDist, 'testing.js')).href;
  const hooks = `export async function resolve(s, c, next) { try { return await next(s, c); } catch (e) { if (s === 'bitburner-ports/testing') return next(${JSON.stringify(testing)}, c); throw e; } }`;
  const register = `import { register } from 'node:module'; register(${JSON.stringify(`data:text/javascript,${encodeURIComponent(hooks)}`)});`;
  return `data:text/javascript,${encodeURIComponent(register)}`;
}

/** The playground's tests in the Test Explorer: one item per file, its tests as children once run, pass/fail each. */
export function registerPlaygroundTests(ctx: PortsContext): void {
  const controller = vscode.tests.createTestController('bitburnerPorts.playgroundTests', 'Bitburner Playground');
  const outcomes = new Map<string, 'passed' | 'failed'>();
  ctx.track(controller);
  const addFile = async (uri: vscode.Uri) => {
    const text = await readFile(uri.fsPath, 'utf8').catch(() => '');
    if (!USES_API.test(text)) return controller.items.delete(uri.toString());
    if (!controller.items.get(uri.toString())) controller.items.add(controller.createTestItem(uri.toString(), vscode.workspace.asRelativePath(uri), uri));
  };
  controller.resolveHandler = async () => {
    for (const uri of await vscode.workspace.findFiles(PATTERN, '**/node_modules/**')) await addFile(uri);
  };
  const watcher = vscode.workspace.createFileSystemWatcher(PATTERN);
  ctx.track(watcher, watcher.onDidCreate(addFile), watcher.onDidChange(addFile), watcher.onDidDelete((uri) => controller.items.delete(uri.toString())));

  const hook = resolveHook(join(ctx.extension.extensionPath, 'dist'));
  const runTests = async (request: vscode.TestRunRequest, token: vscode.CancellationToken) => {
    const run = controller.createTestRun(request);
    const files: vscode.TestItem[] = [];
    if (request.include) for (const item of request.include) files.push(item.parent ?? item);
    else controller.items.forEach((item) => files.push(item));
    for (const file of new Set(files)) {
      if (token.isCancellationRequested) break;
      if (!vscode.workspace.isTrusted) {
        run.errored(file, new vscode.TestMessage('The workspace is not trusted: its test files are its own code and are not run. Trust it to run them.'));
        continue;
      }
      await runFile(controller, run, file, hook, token, outcomes);
    }
    run.end();
  };
  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, runTests, true);
  ctx.playgroundTests = { controller, outcomes, discover: () => controller.resolveHandler?.(undefined) ?? Promise.resolve(), runAll: () => runTests(new vscode.TestRunRequest(), new vscode.CancellationTokenSource().token) };
}

async function runFile(controller: vscode.TestController, run: vscode.TestRun, file: vscode.TestItem, hook: string, token: vscode.CancellationToken, outcomes: Map<string, 'passed' | 'failed'>): Promise<void> {
  const path = (file.uri as vscode.Uri).fsPath;
  run.started(file);
  // The extension host is Electron here: ELECTRON_RUN_AS_NODE makes it the Node that runs the tests.
  const child = spawn(process.execPath, ['--import', hook, '--test', '--test-reporter=tap', path], { cwd: dirname(path), env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  const cancel = token.onCancellationRequested(() => child.kill());
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => (out += d));
  child.stderr.on('data', (d) => (err += d));
  const code = await new Promise<number | null>((done) => child.on('close', done));
  cancel.dispose();
  run.appendOutput(out.replace(/\n/g, '\r\n'));
  const results = parseTap(out);
  for (const r of results) {
    const item = file.children.get(r.name) ?? controller.createTestItem(r.name, r.name, file.uri);
    file.children.add(item);
    outcomes.set(item.id, r.ok ? 'passed' : 'failed');
    if (r.ok) run.passed(item, r.durationMs);
    else run.failed(item, new vscode.TestMessage(r.detail || 'failed'), r.durationMs);
  }
  if (code === 0) run.passed(file);
  else run.failed(file, new vscode.TestMessage(results.some((r) => !r.ok) ? `${results.filter((r) => !r.ok).length} test(s) failed` : `node --test exited with ${code}: ${err || out}`));
}
