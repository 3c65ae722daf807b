import assert from 'node:assert/strict';
import { appendFileSync } from 'node:fs';
import { resolve } from 'node:path';
import * as vscode from 'vscode';
import { approvalKey, parseDefinitions, type ProcessEvent, type ProcessInspection, type ProcessManager } from '../../core/process';
import type { PortsNode } from '../../extension/ports/nodes';
import { activateExtension, answerQuickInputs, when } from './helpers';

const PROGRAMS = resolve(__dirname, '../../../test/fixtures/programs');
const ECHO = resolve(PROGRAMS, 'echo.js');

const inspect = (tag: string) => vscode.commands.executeCommand<ProcessInspection>('bitburnerPorts.inspectProcess', tag);
const heldCount = (info: ProcessInspection) => info.held.reduce((n, h) => n + h.count, 0);

/** Resolves once `check` holds, re-checked on every change of the processes (counters, flow, held messages). */
function untilProcesses(manager: ProcessManager, check: () => boolean): Promise<void> {
  return new Promise((done) => {
    if (check()) return done();
    const stop = manager.onChange(() => check() && (stop(), done()));
  });
}

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

  it('the Spawn prompts, answered as a person would: a line typed into the recent list runs, the mode is asked and remembered, the process is named after its script', async () => {
    const { ctx } = await activateExtension();
    const echoesJson = async (tag: string, port: number) => {
      const back = new Promise<unknown>((done) => {
        const stop = ctx.engine.subscribe((e) => e.kind === 'write' && e.port === port + 1 && (stop(), done(e.value)));
      });
      ctx.engine.write(port, { type: 'job', id: 7 });
      assert.deepEqual(await back, { type: 'job', id: 7 }, 'json-lines: an object in, the same object out');
      assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', tag), true);
    };
    // The first test left a recent command line, so the first prompt is the recent list; this line is new.
    answerQuickInputs([
      { title: 'Spawn External Port Process', fill: `node ${ECHO} --typed` },
      { title: 'Spawn External Port Process (2/3)', fill: '231 232' },
      { title: 'Spawn External Port Process (3/3): how stdout and stdin carry messages', fill: 'json-lines' },
    ]);
    const tag = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess');
    assert.equal(tag, 'echo.js', 'named after the script node runs');
    const info = await inspect(tag);
    assert.deepEqual([info.mode, info.inputPort, info.outputPort, info.args.at(-1)], ['json-lines', 231, 232, '--typed']);
    await echoesJson(tag, 231);

    // Another new line: at the mode prompt Enter takes the first choice, which is now the last one used.
    answerQuickInputs([
      { title: 'Spawn External Port Process', fill: `node ${ECHO} --again` },
      { title: 'Spawn External Port Process (2/3)', fill: '233 234' },
      { title: 'Spawn External Port Process (3/3): how stdout and stdin carry messages' },
    ]);
    const again = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess');
    assert.equal((await inspect(again)).mode, 'json-lines', 'the mode prompt remembered json-lines');
    await echoesJson(again, 233);
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

  it('the issue\'s scene: generator -> port 1 -> worker -> port 2, nobody reads 2, stop: every job is on a port or held, shown in the view', async () => {
    const { ctx } = await activateExtension();
    const engine = ctx.engine;
    for (const port of [211, 212]) engine.clear(port);
    let worst = 0;
    const stopWatching = engine.subscribe((e) => (e.port === 211 || e.port === 212) && (worst = Math.max(worst, engine.size(e.port))));
    const spawn = (commandLine: string, ports: { inputPort?: number; outputPort: number }) =>
      vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess', { commandLine, mode: 'json-lines', ...ports });
    const worker = await spawn(`python3 ${resolve(PROGRAMS, 'worker.py')}`, { inputPort: 211, outputPort: 212 });
    assert.equal(worker, 'worker.py', 'named after its script, not python3');
    const manager = ctx.processes as unknown as ProcessManager;
    const emitted = new Promise<number>((done) => {
      const stop = manager.onEvent((e: ProcessEvent) => e.type === 'stderr' && e.line.startsWith('emitted ') && (stop(), done(Number(e.line.split(' ')[1]))));
    });
    const generator = await spawn(`python3 ${resolve(PROGRAMS, 'generator.py')} 100000 0.002`, { outputPort: 211 });
    assert.equal(generator, 'generator.py');
    const capacity = engine.capacity;
    await untilProcesses(manager, () => engine.full(212) && manager.get(worker)!.inspect().flow?.input === 'paused' && engine.full(211) && manager.get(generator)!.heldCount > 0);
    assert.ok((await inspect(worker)).messagesIn <= capacity + 64, 'the worker took no more than its output port holds plus the write-ahead');

    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', generator), true);
    assert.equal(await vscode.commands.executeCommand('bitburnerPorts.stopProcess', worker), true);
    const [gen, work] = [await inspect(generator), await inspect(worker)];
    const jobs = await emitted;
    assert.equal(engine.size(211) + engine.size(212) + heldCount(gen) + heldCount(work), jobs, 'emitted = on port 1 + on port 2 + held: 0 unaccounted');
    assert.ok(worst <= capacity, `a port went to ${worst}/${capacity}`);

    // The Processes view shows the generator's held jobs, with their values.
    assert.ok(heldCount(gen) > 0);
    const tree = ctx.processesTree!;
    const rows = (await tree.getChildren()) as unknown[];
    const row = rows.find((r) => (tree.getTreeItem(r) as vscode.TreeItem).label === generator)!;
    assert.match(String(((await tree.getTreeItem(row)) as vscode.TreeItem).description), new RegExp(` ${heldCount(gen)} held`));
    const [heldRow] = (await tree.getChildren(row)) as unknown[];
    assert.match(String(((await tree.getTreeItem(heldRow!)) as vscode.TreeItem).label), new RegExp(`^${heldCount(gen)} held for port 211`));
    const [first] = (await tree.getChildren(heldRow)) as unknown[];
    assert.match(String(((await tree.getTreeItem(first!)) as vscode.TreeItem).label), /^#0 {2}\{"job":\d+\}$/);
    stopWatching();
    for (const port of [211, 212]) engine.clear(port);
  });

  it('a program left running (with a child holding its pipes) is listed for the harness, which checks it ends when VS Code closes', async () => {
    const { ctx } = await activateExtension();
    ctx.engine.clear(215);
    const echoed = new Promise<string>((done) => {
      const stop = ctx.engine.subscribe((e) => e.kind === 'write' && e.port === 215 && (stop(), done(String(e.value))));
    });
    const tag = await vscode.commands.executeCommand<string>('bitburnerPorts.spawnProcess', { commandLine: `sh -c 'sleep 120 & echo child=$!; wait'`, outputPort: 215, name: 'left-running' });
    const child = Number((await echoed).split('=')[1]);
    const { pid } = await inspect(tag);
    assert.ok(alive(child) && alive(pid!));
    // test/vscode/run.mjs names the file (the electron runner does not check).
    const list = process.env.BBPORTS_LEFT_RUNNING;
    if (list) appendFileSync(list, `${pid} ${child}\n`);
  });
});
