import type { PortEngine } from '../engine/engine';
import type { PortSource } from '../port-view/source';
import type { PortRegistry } from '../registry';
import { loadConfigFile } from './config';
import type { ProcessSpec, ProcessTarget } from './definition';
import type { ProcessEvent, ProcessListener } from './events';
import { Listeners } from './listeners';
import { EnginePortIo, SourcePortIo, type PortIo } from './port-io';
import { PortProcess } from './port-process';

export interface ProcessManagerOptions {
  engine: PortEngine;
  registry?: PortRegistry;
  /** The game's ports, when the game link is connected. */
  gameSource?: () => PortSource | undefined;
  echoStdout?: boolean;
}

/** Every process port of a host (the extension, `bbports`), by tag. */
export class ProcessManager {
  private readonly processes = new Map<string, PortProcess>();
  private readonly events = new Listeners<ProcessEvent>();
  private readonly changes = new Listeners<void>();
  private readonly unhook = new Map<string, () => void>();

  constructor(private readonly options: ProcessManagerOptions) {
    // A reservation by the tag of a process defined here lives only while that process runs (a tag no process here
    // has, e.g. one reserved by hand under any name, is not the manager's to judge).
    options.registry?.setLiveness('process', (owner) => owner.kind !== 'process' || this.get(owner.tag)?.running !== false);
  }

  list(): PortProcess[] {
    return [...this.processes.values()];
  }

  get(tag: string): PortProcess | undefined {
    return this.processes.get(tag);
  }

  /** Adds a process, or replaces a stopped one with the same tag. A running one must be stopped first. */
  define(spec: ProcessSpec): PortProcess {
    const existing = this.processes.get(spec.tag);
    if (existing?.running) throw new Error(`a process tagged "${spec.tag}" is running; stop it first or give this one another tag`);
    this.unhook.get(spec.tag)?.();
    const p = new PortProcess(spec, {
      io: () => this.ioFor(spec.target, spec.tag),
      registry: this.options.registry,
      echoStdout: this.options.echoStdout,
    });
    if (existing) p.adoptHeld(existing);
    else this.releaseStale(spec.tag);
    const stopEvents = p.onEvent((e) => this.events.fire(e));
    const stopChanges = p.onChange(() => this.changed());
    this.unhook.set(spec.tag, () => (stopEvents(), stopChanges()));
    this.processes.set(spec.tag, p);
    this.changed();
    return p;
  }

  /** Forgets a process that is not running and holds no messages. */
  remove(tag: string): void {
    const p = this.processes.get(tag);
    if (p?.running) throw new Error(`process "${tag}" is running; stop it first`);
    if (p?.heldCount) throw new Error(`process "${tag}" holds ${p.heldCount} message(s) waiting for room in their port; make room (read the port) so they are written, then remove it`);
    this.unhook.get(tag)?.();
    this.unhook.delete(tag);
    if (this.processes.delete(tag)) this.changed();
  }

  /**
   * Frees what a process of this tag still holds though it does not run here: the reservations a crashed tool left in
   * the saved registry. Released, not emptied: its ports keep what the program wrote.
   */
  private releaseStale(tag: string): void {
    const registry = this.options.registry;
    for (const r of registry?.status().reserved ?? []) if (r.owner.kind === 'process' && r.owner.tag === tag) registry!.release(r.port, r.owner);
  }

  onEvent(listener: ProcessListener): () => void {
    return this.events.add(listener);
  }

  onChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  async stopAll(): Promise<void> {
    await Promise.all(this.list().map((p) => p.stop()));
  }

  /** SIGKILL to every running program's group, now (a second Ctrl+C; stops under way then end at once). */
  killAll(): void {
    for (const p of this.list()) p.kill();
  }

  private ioFor(target: ProcessTarget, tag: string): PortIo {
    if (target === 'engine') return new EnginePortIo(this.options.engine, tag);
    const game = this.options.gameSource?.();
    if (!game) throw new Error(`process "${tag}" has target "game", but the game is not connected: connect the game first (Remote API), or set "target": "engine"`);
    return new SourcePortIo(game);
  }

  private changed(): void {
    this.changes.fire();
  }
}

/** Runs definitions on a host's engine: defines each and starts it. Start failures are returned, not thrown. */
export async function runDefinitions(manager: ProcessManager, specs: ProcessSpec[]): Promise<{ tag: string; error: string }[]> {
  const failures: { tag: string; error: string }[] = [];
  for (const spec of specs) {
    try {
      await manager.define(spec).start();
    } catch (e) {
      failures.push({ tag: spec.tag, error: (e as Error).message });
    }
  }
  return failures;
}

export interface ConfigRun {
  manager: ProcessManager;
  /** Definitions left out, and starts that failed, one line each. */
  problems: string[];
  /** How many definitions were found. */
  defined: number;
}

/**
 * For headless hosts (`bbports processes`, `bbports serve`): loads a bbports.json and starts every process in it on
 * the host's engine (or the game, for target "game"), events going to `onEvent` from the first start on.
 */
export async function runConfigFile(file: string, options: ProcessManagerOptions & { onEvent?: ProcessListener }): Promise<ConfigRun> {
  const { specs, problems } = loadConfigFile(file);
  const manager = new ProcessManager(options);
  if (options.onEvent) manager.onEvent(options.onEvent);
  const failures = await runDefinitions(manager, specs);
  return { manager, problems: [...problems, ...failures.map((f) => `process "${f.tag}" did not start: ${f.error}`)], defined: specs.length };
}
