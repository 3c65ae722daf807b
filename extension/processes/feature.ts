import * as vscode from 'vscode';
import { describeEvent, MODES, parseDefinition, ProcessManager, programName, splitCommandLine, type DefinitionOrigin, type PortProcess, type ProcessMode } from '../../core/process';
import type { PortsContext } from '../context';
import { mayStart } from './approval';
import { readDefinitions, watchDefinitions } from './definitions';
import { ProcessTerminal } from './terminal';
import { ProcessesTree, type ProcessRow } from './view';

const RECENT_KEY = 'bitburnerPorts.recentSpawns';
const MODE_KEY = 'bitburnerPorts.lastSpawnMode';
const MODE_HELP: Record<ProcessMode, string> = {
  lines: 'each stdout line is a string message',
  'json-lines': 'each stdout line is parsed as JSON (objects stay objects)',
  binary: 'stdout bytes, cut into frames (Uint8Array)',
};

/** What the spawn command may be given by code and tests instead of asking. */
export interface SpawnArgs {
  commandLine: string;
  inputPort?: number;
  outputPort?: number;
  eventsPort?: number;
  mode?: string;
  name?: string;
}

type ProcessArg = ProcessRow | string | undefined;

/** External Port processes in VS Code: definitions, the trust gate, terminals, the Processes view, commands. */
class ProcessesFeature {
  private managerInstance: ProcessManager | undefined;
  private readonly origins = new Map<string, DefinitionOrigin>();
  private readonly terminals = new Map<string, ProcessTerminal>();
  readonly tree = new ProcessesTree(() => this.rows());
  /** Definitions are read on first need, and re-read on changes only after that. */
  loaded = false;

  constructor(private readonly ctx: PortsContext) {
    ctx.onShutdown(async () => this.managerInstance?.stopAll());
  }

  /** Built on first need: the manager, and the definitions from settings and bbports.json. */
  get manager(): ProcessManager {
    if (!this.managerInstance) {
      const ctx = this.ctx;
      this.managerInstance = new ProcessManager({ engine: ctx.engine, registry: ctx.registry, gameSource: () => ctx.source('game'), echoStdout: true });
      this.managerInstance.onEvent((e) => {
        if (e.type === 'stdout') return;
        const line = describeEvent(e);
        if (e.type === 'error' || e.type === 'gave-up') ctx.log.warn(line);
        else ctx.log.info(line);
      });
      this.managerInstance.onChange(() => this.tree.schedule());
      ctx.processes = this.managerInstance;
    }
    if (!this.loaded) {
      this.loaded = true;
      this.reload();
    }
    return this.managerInstance;
  }

  rows(): ProcessRow[] {
    return this.manager.list().map((process) => ({ process, origin: this.origins.get(process.tag) ?? 'ad-hoc' }));
  }

  /** Re-reads the definitions; running processes keep their definition until they stop. */
  reload(): void {
    const manager = this.manager;
    const { definitions, problems } = readDefinitions();
    for (const p of problems) this.ctx.log.warn(p);
    if (problems.length) void vscode.window.showWarningMessage(`Some process definitions were left out: ${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more in the log)` : ''}`);
    const wanted = new Set(definitions.map((d) => d.spec.tag));
    for (const p of manager.list()) {
      // One that still holds messages stays listed until they are written (its row shows them).
      if (!p.running && !p.heldCount && this.origins.get(p.tag) !== 'ad-hoc' && !wanted.has(p.tag)) {
        manager.remove(p.tag);
        this.origins.delete(p.tag);
      }
    }
    for (const { spec, origin } of definitions) {
      const current = manager.get(spec.tag);
      if (current?.running || (current && this.origins.get(spec.tag) === origin && JSON.stringify(current.spec) === JSON.stringify(spec))) continue;
      manager.define(spec);
      this.origins.set(spec.tag, origin);
    }
  }

  async start(process: PortProcess): Promise<boolean> {
    if (!(await mayStart(this.ctx, this.origins.get(process.tag) ?? 'ad-hoc', process.spec))) return false;
    const terminal = this.terminalFor(process);
    try {
      await process.start();
      terminal.terminal.show(true);
      return true;
    } catch (error) {
      this.ctx.fail(`Starting "${process.spec.name}"`, error);
      return false;
    }
  }

  async spawn(args?: SpawnArgs): Promise<string | undefined> {
    const input = args ?? (await this.askSpawn());
    if (!input) return undefined;
    const words = splitCommandLine(input.commandLine);
    const [command, ...rest] = words;
    if (!command) throw new Error('the command line is empty: type a program and its arguments, e.g. python3 planner.py');
    const tag = this.freeTag(input.name ?? programName(command, rest));
    const spec = parseDefinition(
      { name: tag, command, args: rest, cwd: vscode.workspace.workspaceFolders?.[0]?.uri.fsPath, inputPort: input.inputPort, outputPort: input.outputPort, eventsPort: input.eventsPort, mode: input.mode },
      'spawn',
    );
    const process = this.manager.define(spec);
    this.origins.set(spec.tag, 'ad-hoc');
    await this.remember(input);
    return (await this.start(process)) ? spec.tag : undefined;
  }

  /** The process a command acts on: a view row, a tag, or one the user picks. */
  async resolve(arg: ProcessArg, want: (p: PortProcess) => boolean, title: string): Promise<PortProcess | undefined> {
    if (typeof arg === 'string') {
      const p = this.manager.get(arg);
      if (!p) throw new Error(`there is no process tagged "${arg}" (known: ${this.manager.list().map((x) => x.tag).join(', ') || 'none'})`);
      return p;
    }
    if (arg) return arg.process;
    const choices = this.manager.list().filter(want);
    if (!choices.length) {
      void vscode.window.showInformationMessage('No process fits. Define processes in bbports.json or the bitburnerPorts.processes setting, or spawn one.');
      return undefined;
    }
    const picked = await vscode.window.showQuickPick(
      choices.map((p) => ({ label: p.spec.name, description: `${p.status} · ${[p.spec.command, ...p.spec.args].join(' ')}`, p })),
      { title },
    );
    return picked?.p;
  }

  terminalFor(process: PortProcess): ProcessTerminal {
    const existing = this.terminals.get(process.tag);
    if (existing && !existing.isClosed && existing.process === process) return existing;
    const t: ProcessTerminal = new ProcessTerminal(process, () => {
      if (this.terminals.get(process.tag) === t) this.terminals.delete(process.tag);
      if (process.running) void process.stop();
    });
    this.terminals.set(process.tag, t);
    return t;
  }

  dispose(): void {
    for (const t of this.terminals.values()) t.dispose();
    this.tree.dispose();
  }

  private freeTag(base: string): string {
    let tag = base;
    for (let i = 2; this.manager.get(tag)?.running; i++) tag = `${base}-${i}`;
    return tag;
  }

  private async askSpawn(): Promise<SpawnArgs | undefined> {
    const picked = await this.pickCommandLine();
    if (picked === undefined || typeof picked !== 'string') return picked;
    const commandLine = picked || (await this.askCommandLine());
    if (!commandLine) return undefined;
    const portText = await vscode.window.showInputBox({
      title: 'Spawn External Port Process (2/3)',
      prompt: 'Ports: input (its stdin) and output (its stdout), e.g. "10 11"; "- 11" for output only; empty for none',
      validateInput: (t) => (parsePorts(t) ? undefined : 'Two port numbers (whole numbers from 1), or - for none, e.g. "10 11" or "- 11"'),
    });
    if (portText === undefined) return undefined;
    const mode = await this.askMode();
    return mode && { commandLine, ...parsePorts(portText), mode };
  }

  /**
   * The recent command lines: one picked runs again as it was; a new line typed into the box and Enter goes on with
   * that line (returned as text); "New command line…" returns "". Without recent ones: "".
   */
  private async pickCommandLine(): Promise<SpawnArgs | string | undefined> {
    const recent = this.ctx.extension.globalState.get<SpawnArgs[]>(RECENT_KEY, []);
    if (!recent.length) return '';
    type Item = vscode.QuickPickItem & { args?: SpawnArgs };
    const pick = vscode.window.createQuickPick<Item>();
    pick.title = 'Spawn External Port Process';
    pick.placeholder = 'Pick a recent command line, or type a new one and press Enter';
    const fixed: Item[] = [{ label: '$(add) New command line…', alwaysShow: true }, ...recent.map((r) => ({ label: r.commandLine, description: `${ports(r)} · ${r.mode ?? 'lines'}`, args: r }))];
    pick.items = fixed;
    // What is typed is offered as its own first item, so Enter runs it even when it matches no recent line.
    pick.onDidChangeValue((value) => {
      const typed = value.trim();
      pick.items = typed && !recent.some((r) => r.commandLine === typed) ? [{ label: typed, description: 'run this command line', alwaysShow: true }, ...fixed] : fixed;
    });
    const chosen = await new Promise<Item | undefined>((resolve) => {
      pick.onDidAccept(() => resolve(pick.selectedItems[0]));
      pick.onDidHide(() => resolve(undefined));
      pick.show();
    });
    pick.dispose();
    if (!chosen) return undefined;
    if (chosen.args) return chosen.args;
    return chosen === fixed[0] ? '' : chosen.label;
  }

  private askCommandLine(): Thenable<string | undefined> {
    return vscode.window.showInputBox({
      title: 'Spawn External Port Process (1/3)',
      prompt: 'The program and its arguments (started directly, not through a shell)',
      placeHolder: 'python3 planner.py --verbose',
      validateInput: (t) => {
        try {
          return splitCommandLine(t).length ? undefined : 'Type a program, e.g. python3 planner.py';
        } catch (e) {
          return (e as Error).message;
        }
      },
    });
  }

  /** lines, json-lines or binary; the last choice comes first. */
  private async askMode(): Promise<ProcessMode | undefined> {
    const last = this.ctx.extension.globalState.get<ProcessMode>(MODE_KEY, 'lines');
    const order = [last, ...MODES.filter((m) => m !== last)];
    const picked = await vscode.window.showQuickPick(
      order.map((mode) => ({ label: mode, description: mode === last ? `${MODE_HELP[mode]} · last used` : MODE_HELP[mode], mode })),
      { title: 'Spawn External Port Process (3/3): how stdout and stdin carry messages' },
    );
    if (!picked) return undefined;
    await this.ctx.extension.globalState.update(MODE_KEY, picked.mode);
    return picked.mode;
  }

  private async remember(args: SpawnArgs): Promise<void> {
    const recent = this.ctx.extension.globalState.get<SpawnArgs[]>(RECENT_KEY, []).filter((r) => r.commandLine !== args.commandLine || ports(r) !== ports(args));
    await this.ctx.extension.globalState.update(RECENT_KEY, [args, ...recent].slice(0, 10));
  }
}

function parsePorts(text: string): { inputPort?: number; outputPort?: number } | undefined {
  const parts = text.trim().split(/[\s,]+/).filter(Boolean);
  if (parts.length > 2) return undefined;
  const nums = parts.map((p) => (p === '-' ? undefined : Number(p)));
  if (nums.some((n) => n !== undefined && !(Number.isSafeInteger(n) && n > 0))) return undefined;
  return { inputPort: nums[0], outputPort: nums[1] };
}

function ports(a: SpawnArgs): string {
  return `in ${a.inputPort ?? '-'} · out ${a.outputPort ?? '-'}`;
}

export function registerProcessesFeature(ctx: PortsContext): void {
  const feature = new ProcessesFeature(ctx);
  const view = vscode.window.createTreeView('bitburnerPorts.processes', { treeDataProvider: feature.tree });
  ctx.processesTree = feature.tree as vscode.TreeDataProvider<unknown>;
  ctx.track(view, feature, watchDefinitions(() => feature.loaded && feature.reload()));
  ctx.track(view.onDidChangeVisibility((e) => e.visible && feature.tree.refreshNow()));

  const command = (name: string, run: (arg: never) => Promise<unknown>) =>
    vscode.commands.registerCommand(`bitburnerPorts.${name}`, async (arg: never) => {
      try {
        return await run(arg);
      } catch (error) {
        ctx.fail(name.replace(/Process$/, ''), error);
        return undefined;
      }
    });
  const idle = (p: PortProcess) => !p.running;
  const running = (p: PortProcess) => p.running;

  ctx.track(
    command('spawnProcess', (arg: SpawnArgs | undefined) => feature.spawn(arg)),
    command('startProcess', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, idle, 'Start which process?');
      return p ? feature.start(p) : false;
    }),
    command('stopProcess', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, running, 'Stop which process?');
      if (!p) return false;
      await p.stop();
      return true;
    }),
    command('restartProcess', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, () => true, 'Restart which process?');
      if (!p) return false;
      await p.stop();
      return feature.start(p);
    }),
    command('showProcessTerminal', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, () => true, 'Show the terminal of which process?');
      if (!p) return undefined;
      feature.terminalFor(p).terminal.show();
      return p.tag;
    }),
    command('inspectProcess', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, () => true, 'Inspect which process?');
      if (!p) return undefined;
      const info = p.inspect();
      const doc = await vscode.workspace.openTextDocument({ language: 'json', content: JSON.stringify(info, null, 2) });
      await vscode.window.showTextDocument(doc, { preview: true });
      return info;
    }),
    command('deliverHeldMessages', async (arg: ProcessArg) => {
      const p = await feature.resolve(arg, (x) => x.heldCount > 0, 'Deliver the held messages of which process?');
      if (!p) return undefined;
      const left = await p.deliverHeld();
      if (left) void vscode.window.showInformationMessage(`"${p.spec.name}": ${left} message(s) still held: their port is full. They go in as soon as it has room.`);
      return left;
    }),
    command('reloadProcessDefinitions', async () => feature.reload()),
  );
}
