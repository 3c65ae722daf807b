import { RegistryError, type PortRegistry } from '../registry';
import { ownerKey, type PortOwner } from '../registry/owner';
import type { ProcessSpec } from './definition';
import type { ProcessEvent, ProcessListener } from './events';
import { describeFraming } from './framing';
import { HeldMessages, type HeldEnd } from './held';
import { Listeners } from './listeners';
import type { PortIo } from './port-io';
import { ProcessRun, type RunCounters, type RunEnd, type RunFlow } from './run';

/** Messages waiting for room in one port, with their values (oldest first). */
export interface HeldInspection {
  port: number;
  /** back: output waiting to be written; front: taken from inputPort, waiting to go back where they were. */
  end: HeldEnd;
  count: number;
  values: unknown[];
}

export type ProcessStatus = 'idle' | 'running' | 'stopping' | 'stopped' | 'exited' | 'failed' | 'gave-up';

export interface PortProcessOptions {
  /** The ports' place, asked at each start (the game may connect later). Throws, saying why, when it is absent. */
  io(): PortIo;
  registry?: PortRegistry;
  echoStdout?: boolean;
  inheritedEnv?: NodeJS.ProcessEnv;
  now?: () => number;
}

export interface ProcessInspection {
  tag: string;
  name: string;
  status: ProcessStatus;
  command: string;
  args: string[];
  pid: number | undefined;
  /** The definition's own variables (the inherited environment is not repeated here). */
  env: Record<string, string>;
  inheritEnv: boolean;
  cwd: string;
  mode: string;
  framing: string | undefined;
  target: string;
  inputPort: number | undefined;
  outputPort: number | undefined;
  eventsPort: number | undefined;
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
  restarts: number;
  uptimeMs: number;
  lastExit: { exitCode: number | null; signal: string | null } | undefined;
  lastError: string | undefined;
  /** Backpressure at work, while running. */
  flow: RunFlow | undefined;
  /** Messages that found no room, per port: written as room appears, never dropped. */
  held: HeldInspection[];
}

/**
 * An external program on ports, supervised: runs it, restarts it per its strategy until `intensity` restarts within
 * `periodSeconds`, holds its ports in the registry while it is up, and tells listeners (and eventsPort) what happens.
 */
export class PortProcess {
  status: ProcessStatus = 'idle';
  restarts = 0;
  readonly counters: RunCounters = { bytesIn: 0, bytesOut: 0, messagesIn: 0, messagesOut: 0 };
  private run: ProcessRun | undefined;
  private io: PortIo | undefined;
  private readonly events = new Listeners<ProcessEvent>();
  private readonly changes = new Listeners<void>();
  private restartTimes: number[] = [];
  private reserved: number[] = [];
  private startedAt = 0;
  private stopRequested = false;
  private lastExit: ProcessInspection['lastExit'];
  private lastError: string | undefined;
  private supervision: Promise<void> = Promise.resolve();
  private readonly held: Partial<Record<HeldEnd, HeldMessages>> = {};
  private readonly now: () => number;

  constructor(
    readonly spec: ProcessSpec,
    private readonly options: PortProcessOptions,
  ) {
    this.now = options.now ?? Date.now;
  }

  get tag(): string {
    return this.spec.tag;
  }

  get running(): boolean {
    return this.status === 'running' || this.status === 'stopping';
  }

  /** Listens to this process's events; returns the function that stops listening. */
  onEvent(listener: ProcessListener): () => void {
    return this.events.add(listener);
  }

  /** Listens to status and counter-worthy changes (events and status moves). */
  onChange(listener: () => void): () => void {
    return this.changes.add(listener);
  }

  /** Starts the program; resolves once it runs, rejects with the reason when it cannot start. */
  async start(): Promise<void> {
    if (this.running) throw new Error(`process "${this.tag}" is already running (pid ${this.run?.pid}); stop or restart it`);
    this.io = this.options.io();
    this.stopRequested = false;
    this.restartTimes = [];
    this.lastError = undefined;
    this.reservePorts();
    const first = this.launch();
    this.supervision = this.supervise(first);
    const started = await Promise.race([first.ended.then((end) => end), new Promise<'up'>((resolve) => this.onceStarted(resolve))]);
    if (started !== 'up' && !started.started) throw new Error(started.message);
  }

  /** Stops the program for good (no restart) and frees its ports. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    if (this.run) {
      this.setStatus('stopping');
      await this.run.stop();
    }
    await this.supervision;
  }

  signal(name: NodeJS.Signals): void {
    this.run?.signal(name);
  }

  /** Ends the program and its group at once, for good. */
  kill(): void {
    this.stopRequested = true;
    this.run?.signal('SIGKILL');
  }

  /** How many messages wait for room, in all. */
  get heldCount(): number {
    return (this.held.back?.size ?? 0) + (this.held.front?.size ?? 0);
  }

  /** Tries to write the held messages now (they also go by themselves as room appears); returns how many are left. */
  async deliverHeld(): Promise<number> {
    await Promise.all([this.held.back?.deliver(), this.held.front?.deliver()]);
    return this.heldCount;
  }

  /** Takes over the held messages of the process this one replaces (same tag), where the port is the same. */
  adoptHeld(from: PortProcess): void {
    for (const end of ['back', 'front'] as const) {
      const h = from.held[end];
      if (!h?.size || h.port !== (end === 'back' ? this.spec.outputPort : this.spec.inputPort)) continue;
      this.held[end] = h;
      h.onChange(() => this.changed());
      delete from.held[end];
    }
  }

  /** Writes text typed in a terminal to stdin. */
  type(text: string): void {
    this.run?.type(text);
  }

  inspect(): ProcessInspection {
    const s = this.spec;
    return {
      tag: s.tag,
      name: s.name,
      status: this.status,
      command: s.command,
      args: [...s.args],
      pid: this.run?.pid,
      env: { ...s.env },
      inheritEnv: s.inheritEnv,
      cwd: s.cwd ?? process.cwd(),
      mode: s.mode,
      framing: s.framing && describeFraming(s.framing),
      target: s.target,
      inputPort: s.inputPort,
      outputPort: s.outputPort,
      eventsPort: s.eventsPort,
      ...this.counters,
      restarts: this.restarts,
      uptimeMs: this.running ? this.now() - this.startedAt : 0,
      lastExit: this.lastExit,
      lastError: this.lastError,
      flow: this.run?.inspectFlow(),
      held: (['back', 'front'] as const).flatMap((end) => {
        const h = this.held[end];
        return h?.size ? [{ port: h.port, end, count: h.size, values: h.values() }] : [];
      }),
    };
  }

  private launch(): ProcessRun {
    const run = new ProcessRun(this.spec, this.io!, { output: this.heldFor('back'), returned: this.heldFor('front') }, (e) => this.emit(e), this.counters, { echoStdout: this.options.echoStdout, inheritedEnv: this.options.inheritedEnv, onFlow: () => this.changed() });
    this.run = run;
    this.startedAt = this.now();
    this.setStatus('running');
    void run.start();
    return run;
  }

  /** The held messages of a port; a fresh store (on this start's place) unless messages still wait in the old one. */
  private heldFor(end: HeldEnd): HeldMessages | undefined {
    const port = end === 'back' ? this.spec.outputPort : this.spec.inputPort;
    if (port === undefined) return undefined;
    const current = this.held[end];
    if (current?.size) return current;
    current?.dispose();
    const held = new HeldMessages(
      port,
      end,
      this.io!,
      (n) => end === 'back' && (this.counters.messagesOut += n),
      (message, values) => this.emit({ type: 'error', tag: this.tag, message, value: values }),
    );
    held.onChange(() => this.changed());
    return (this.held[end] = held);
  }

  private async supervise(first: ProcessRun): Promise<void> {
    let run: ProcessRun | undefined = first;
    while (run) {
      const end: RunEnd = await run.ended;
      this.run = undefined;
      run = undefined;
      if (!end.started) {
        // Not found or not executable: restarting cannot help.
        this.lastError = end.message;
        this.setStatus('failed');
        break;
      }
      this.lastExit = { exitCode: end.exitCode, signal: end.signal };
      this.emit({ type: 'terminate', tag: this.tag, exitCode: end.exitCode, signal: end.signal });
      const failed = end.failure !== undefined || end.exitCode !== 0;
      if (failed) this.lastError = end.failure ?? (end.signal ? `killed by ${end.signal}` : `exit code ${end.exitCode}`);
      if (this.stopRequested || end.stopped) {
        this.setStatus('stopped');
        break;
      }
      const { strategy, intensity, periodSeconds } = this.spec.restart;
      if (strategy === 'never' || (strategy === 'on-failure' && !failed)) {
        this.setStatus(failed ? 'failed' : 'exited');
        break;
      }
      const t = this.now();
      this.restartTimes = this.restartTimes.filter((at) => t - at < periodSeconds * 1000);
      if (this.restartTimes.length >= intensity) {
        const message = `gave up restarting "${this.tag}": it ended ${intensity + 1} times within ${periodSeconds} s (last: ${this.lastError ?? 'exit code 0'}). Fix the program, then start it again.`;
        this.lastError = message;
        this.emit({ type: 'gave-up', tag: this.tag, message });
        this.setStatus('gave-up');
        break;
      }
      this.restartTimes.push(t);
      this.restarts++;
      this.emit({ type: 'restart', tag: this.tag, restarts: this.restarts });
      run = this.launch();
    }
    this.releasePorts();
  }

  private onceStarted(resolve: (up: 'up') => void): void {
    const stop = this.onEvent((e) => {
      if (e.type !== 'start') return;
      stop();
      resolve('up');
    });
  }

  /** Claims the process's ports while it runs. A port someone else holds is shared, not taken: the process joins it. */
  private reservePorts(): void {
    const registry = this.options.registry;
    if (!registry) return;
    const owner: PortOwner = { kind: 'process', tag: this.tag };
    for (const port of new Set([this.spec.inputPort, this.spec.outputPort, this.spec.eventsPort])) {
      if (port === undefined) continue;
      const holder = registry.holder(port);
      if (holder && ownerKey(holder.owner) !== ownerKey(owner)) continue;
      try {
        registry.reserve(port, owner);
        this.reserved.push(port);
      } catch (e) {
        if (!(e instanceof RegistryError)) throw e;
      }
    }
  }

  /** Frees the ports without emptying them: what the program wrote stays for its readers. */
  private releasePorts(): void {
    const owner: PortOwner = { kind: 'process', tag: this.tag };
    for (const port of this.reserved) {
      try {
        this.options.registry?.release(port, owner);
      } catch {
        // Someone released it already (a user command): nothing left to free.
      }
    }
    this.reserved = [];
  }

  private emit(event: ProcessEvent): void {
    this.events.fire(event);
    const port = this.spec.eventsPort;
    if (port !== undefined && event.type !== 'stdout' && this.io) {
      try {
        void Promise.resolve(this.io.post(port, event)).catch(() => {});
      } catch {
        // An event that cannot be cloned onto a port (a binary frame in an error's value) still reached the listeners.
      }
    }
    if (event.type !== 'stdout') this.changed();
  }

  private setStatus(status: ProcessStatus): void {
    this.status = status;
    this.changed();
  }

  private changed(): void {
    this.changes.fire();
  }
}
