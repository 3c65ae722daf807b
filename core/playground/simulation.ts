import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PortEngine } from '../engine/engine';
import type { GameVersion } from '../engine/game-version';
import { createPlaygroundNs } from './ns';
import type { ScriptContext } from './ns/context';
import { gamePath, sameArgs, ScriptDeath, type Proc } from './process';
import { scriptRam } from './ram';
import { Scheduler } from './scheduler';
import { describeScriptError, findSyntaxError } from './script-error';
import { buildServers, EARLY_GAME, type ServerSpec, type SimServer } from './servers';
import type { EndReason, ExitReason, RunSummary, TraceEvent } from './trace';

export interface StartSpec {
  script: string;
  args?: unknown[];
  threads?: number;
  host?: string;
}

export interface SimulationOptions {
  /** The folder of game scripts: home's files, and where `/lib/x.js` imports resolve. */
  root: string;
  start: StartSpec[];
  /** The network besides home (default: an early-game one). */
  servers?: ServerSpec[];
  /** Simulated ms after which the run ends (default: never). */
  untilMs?: number;
  /** Keep the wall clock instead of jumping over waits (speed 1). */
  realtime?: boolean;
  /** Simulated ms per wall ms: Infinity (the default) jumps over waits; 1 is real time. */
  speed?: number;
  capacity?: number;
  version?: GameVersion;
  hackingLevel?: number;
  /** Record every port event in the trace (default true; the CLI needs them only for --trace). */
  portEvents?: boolean;
  /** Added to the message of an import that is not found (the CLI says how to set the root). */
  missingImportHint?: string;
}

export interface SimulationHooks {
  emit(event: TraceEvent): void;
  /** After every timer: the host flushes events here. */
  step(): void;
  wallNow(): number;
  /** The pid of the script that last ran, for the watchdog that names a script stuck in a loop. */
  current?(pid: number): void;
}

/** The game's default log capacity per script (getScriptLogs returns at most this many lines). */
const LOG_LINES = 50;
const FILE_TYPES = /\.(js|txt|json|script|ns)$/;
const MAX_FILES = 5000;

function cloneable(value: unknown): unknown {
  try {
    return structuredClone(value);
  } catch {
    return String(value);
  }
}

/** Every game file under the root, by game path: home's disk. */
function readRoot(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.name.startsWith('.') || entry.name === 'node_modules' || files.size >= MAX_FILES) continue;
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (FILE_TYPES.test(entry.name)) files.set(relative(root, path).split(sep).join('/'), readFileSync(path, 'utf8'));
    }
  };
  walk(root);
  return files;
}

/** A simulated game: servers, processes and time around one port engine. One run per instance. */
export class Simulation {
  readonly engine: PortEngine;
  readonly servers: Map<string, SimServer>;
  readonly scheduler: Scheduler;
  readonly root: string;
  readonly hackingLevel: number;
  private readonly procs = new Map<number, Proc>();
  private readonly byLabel = new Map<string, Proc>();
  private readonly disk: Map<string, string>;
  private readonly modules = new Map<string, Promise<{ main?: unknown }>>();
  private loads: Promise<unknown> = Promise.resolve();
  private nextPid = 1;

  constructor(
    private readonly options: SimulationOptions,
    private readonly hooks: SimulationHooks,
  ) {
    this.root = options.root;
    this.hackingLevel = options.hackingLevel ?? 1;
    this.engine = new PortEngine({ capacity: options.capacity });
    this.servers = buildServers(options.servers ?? EARLY_GAME);
    this.disk = readRoot(options.root);
    (this.servers.get('home') as SimServer).files = new Map(this.disk);
    this.scheduler = new Scheduler(options.speed ?? (options.realtime ? 1 : Infinity), options.untilMs ?? Infinity, hooks.wallNow, hooks.step);
    // Without port events the engine takes its fast paths (no event objects): for runs that need only the end.
    if (options.portEvents !== false) this.tracePorts();
  }

  private tracePorts(): void {
    const hooks = this.hooks;
    this.engine.subscribe((e) => {
      const event: TraceEvent = { type: 'port', t: this.now, kind: e.kind, port: e.port, size: e.size };
      // A refused value was never cloned (the port was full): it may be something a trace cannot carry.
      if (e.value !== undefined) event.value = e.kind === 'refused' ? cloneable(e.value) : e.value;
      if (e.cleared !== undefined) event.cleared = e.cleared;
      const pid = e.actor === undefined ? undefined : this.byLabel.get(e.actor)?.pid;
      if (pid !== undefined) event.pid = pid;
      hooks.emit(event);
    });
  }

  get now(): number {
    return this.scheduler.now;
  }

  /** Starts the run's scripts, runs until nothing is left to happen (or the limit), and says how it ended. */
  async run(): Promise<RunSummary> {
    for (const s of this.options.start) {
      const started = this.startScript({ script: gamePath(s.script), host: s.host ?? 'home', threads: s.threads ?? 1, args: s.args ?? [], parent: 0 });
      if (typeof started === 'string') throw new Error(started);
    }
    const end = await this.scheduler.run();
    const still = [...this.procs.values()];
    for (const p of still) this.hooks.emit({ type: 'exit', t: this.now, pid: p.pid, script: p.script, host: p.host, reason: 'running', waitingOn: p.waitingOn ?? 'a promise of its own (not an ns call)' });
    const reason: EndReason = end === 'stopped' ? 'stopped' : end === 'until' ? 'until' : still.length ? 'waiting' : 'done';
    return { reason, simulatedMs: this.now, ports: this.engine.snapshot().map((p) => ({ ...p, totals: this.engine.totals(p.port) })) };
  }

  stop(): void {
    this.scheduler.stop();
  }

  /** Starts a script, or says why not with the game's text (exec logs it and returns 0). */
  startScript(spec: { script: string; host: string; threads: number; args: unknown[]; parent: number }): Proc | string {
    const server = this.servers.get(spec.host);
    if (!server) return `Invalid hostname: '${spec.host}'`;
    const text = server.files.get(spec.script);
    if (text === undefined || !spec.script.endsWith('.js')) return `Could not find script '${spec.script}' on '${spec.host}'`;
    const ram = this.ramOrProblem(server, spec.script);
    if (typeof ram === 'string') return ram;
    if (!server.hasAdminRights) return `You do not have root access on '${spec.host}'`;
    if (ram * spec.threads > server.maxRam - server.ramUsed + 0.001) return `Cannot run script '${spec.script}' (t=${spec.threads}) on '${spec.host}' because there is not enough available RAM!`;
    if (this.disk.get(spec.script) !== text) return `'${spec.script}' on '${spec.host}' is not the file in ${this.root}: the playground runs scripts as they are on disk (one written by ns.write cannot run yet)`;
    const pid = this.nextPid++;
    const label = `${spec.script}@${spec.host} (PID - ${pid})`;
    const proc: Proc = { pid, label, ...spec, args: structuredClone(spec.args), ram, startedAt: this.now, alive: true, exiting: false, log: [], disabledLogs: new Set(), exitHandlers: new Map(), delays: new Set(), waitingOn: 'its start (still loading)' };
    server.ramUsed += ram * spec.threads;
    this.procs.set(pid, proc);
    this.byLabel.set(label, proc);
    this.hooks.emit({ type: 'start', t: this.now, pid, script: proc.script, host: proc.host, threads: proc.threads, args: proc.args, ram, parent: spec.parent });
    this.launch(proc);
    return proc;
  }

  /** The script's RAM, or the game's refusal with where the problem is. */
  private ramOrProblem(server: SimServer, script: string): number | string {
    const r = scriptRam(server, script);
    if ('ram' in r) return r.ram;
    const refusal = `Ram usage could not be calculated for ${script}`;
    if (r.problem === 'import') return `${refusal}: ${r.reason}${this.options.missingImportHint ? ` ${this.options.missingImportHint}` : ''}`;
    const syntax = findSyntaxError(join(this.root, script), this.root);
    return `${refusal}: it has a syntax error at ${syntax ?? r.reason}`;
  }

  /** Loads the script's module in pid order (so the same run starts the same way every time), then calls main. */
  private launch(proc: Proc): void {
    const url = pathToFileURL(join(this.root, proc.script)).href;
    const load = this.loads.then(() => this.module(url));
    this.loads = load.catch(() => undefined);
    this.scheduler.load(load).then(
      (mod) => this.callMain(proc, mod),
      (error) => this.crash(proc, error),
    );
  }

  private module(url: string): Promise<{ main?: unknown }> {
    let m = this.modules.get(url);
    if (!m) this.modules.set(url, (m = import(url)));
    return m;
  }

  private callMain(proc: Proc, mod: { main?: unknown }): void {
    if (!proc.alive) return;
    if (typeof mod.main !== 'function') return this.end(proc, 'error', `${proc.script} has no exported main(ns) function: the game needs export async function main(ns) { … }`);
    const ns = createPlaygroundNs({ sim: this, proc }, this.options.version);
    proc.waitingOn = undefined;
    this.current(proc);
    try {
      Promise.resolve((mod.main as (ns: object) => unknown)(ns)).then(
        () => this.end(proc, 'returned'),
        (error) => this.crash(proc, error),
      );
    } catch (error) {
      this.crash(proc, error);
    }
  }

  private crash(proc: Proc, error: unknown): void {
    if (error instanceof ScriptDeath || !proc.alive) return;
    let text = describeScriptError(error, this.root);
    // A module's syntax error from import() carries no position: Node's own check finds it.
    if (error instanceof SyntaxError && text === `SyntaxError: ${error.message}`) text = findSyntaxError(join(this.root, proc.script), this.root) ?? `${proc.script}: ${text}`;
    if ((error as NodeJS.ErrnoException)?.code === 'ERR_MODULE_NOT_FOUND' && this.options.missingImportHint) text += ` ${this.options.missingImportHint}`;
    this.end(proc, 'error', text);
  }

  /** kill, killall, exit, spawn, and the concurrency trap (with the game's error text). */
  kill(proc: Proc, error?: string): void {
    this.end(proc, error === undefined ? 'killed' : 'error', error);
  }

  private end(proc: Proc, reason: ExitReason, error?: string): void {
    if (!proc.alive) return;
    proc.alive = false;
    proc.exiting = true;
    proc.runningFn = undefined;
    for (const d of proc.delays) {
      this.scheduler.cancel(d.timer);
      d.reject(new ScriptDeath(proc.pid));
    }
    proc.delays.clear();
    for (const handler of proc.exitHandlers.values()) {
      try {
        handler();
      } catch (e) {
        this.log(proc, `atExit: a handler threw: ${describeScriptError(e, this.root)}`);
      }
    }
    proc.exiting = false;
    (this.servers.get(proc.host) as SimServer).ramUsed -= proc.ram * proc.threads;
    this.procs.delete(proc.pid);
    const event: TraceEvent = { type: 'exit', t: this.now, pid: proc.pid, script: proc.script, host: proc.host, reason };
    if (error !== undefined) event.error = error;
    this.hooks.emit(event);
  }

  /** ns.sleep and hack/grow/weaken: the script is suspended in `fn` until the timer (the game's runningFn). */
  delay(proc: Proc, fn: string, ms: number): Promise<true> {
    proc.runningFn = fn;
    return this.wait(proc, fn, ms);
  }

  /** ns.asleep: a timer, without the game's concurrency flag. */
  asleep(proc: Proc, ms: number): Promise<true> {
    return this.wait(proc, 'asleep', ms);
  }

  private wait(proc: Proc, fn: string, ms: number): Promise<true> {
    const wait = `${fn} (${Math.round(Number(ms) || 0)} ms)`;
    const promise = new Promise<true>((resolve, reject) => {
      const delay = {
        timer: this.scheduler.at(ms, () => {
          proc.delays.delete(delay);
          if (proc.runningFn === fn) proc.runningFn = undefined;
          this.current(proc);
          resolve(true);
        }),
        reject,
      };
      proc.delays.add(delay);
      proc.waitingOn = wait;
    });
    // A sleep the script forgot to await is rejected by its kill too: that must not count as unhandled.
    promise.catch(() => undefined);
    return promise;
  }

  /** A timer of the run itself (spawn's delayed start). */
  after(ms: number, fire: () => void): void {
    this.scheduler.at(ms, fire);
  }

  current(proc: Proc): void {
    this.hooks.current?.(proc.pid);
  }

  log(proc: Proc, line: string, terminal = false): void {
    proc.log.push(line);
    if (proc.log.length > LOG_LINES) proc.log.shift();
    this.hooks.emit(terminal ? { type: 'log', t: this.now, pid: proc.pid, script: proc.script, host: proc.host, line, terminal: true } : { type: 'log', t: this.now, pid: proc.pid, script: proc.script, host: proc.host, line });
  }

  processesOn(host: string): Proc[] {
    return [...this.procs.values()].filter((p) => p.host === host);
  }

  /** A process by pid, or by file name, host (default: the caller's) and args, as kill/isRunning/getRunningScript take them. */
  findProcess(c: ScriptContext, _fn: string, target: unknown, host: unknown, args: unknown[]): Proc | undefined {
    if (typeof target === 'number') return this.procs.get(target);
    const h = host === undefined ? c.proc.host : String(host);
    const script = gamePath(String(target));
    return [...this.procs.values()].find((p) => p.host === h && p.script === script && sameArgs(p.args, args));
  }
}
