import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import type { Socket } from 'node:net';
import { Queue } from '../engine/queue';
import type { ProcessSpec } from './definition';
import { encodeInput, parseJsonLine } from './encode';
import { buildEnv } from './env';
import type { ProcessEvent } from './events';
import { FrameDecoder, FrameError } from './framing';
import { LineSplitter, LineTooLongError } from './lines';
import { groupAlive, OWN_GROUP, reaper, signalGroup } from './group';
import type { HeldMessages } from './held';
import { EMPTY, type PortIo } from './port-io';
import { StdinBatch } from './stdin-batch';
import { WriteWindow } from './write-window';

/** How one run ended. `started: false`: the program never ran (not found, not executable, bad cwd). */
export type RunEnd = { started: true; exitCode: number | null; signal: string | null; stopped: boolean; failure?: string } | { started: false; message: string };

export interface RunCounters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

/** Where the traffic stands, for inspection. */
export interface RunFlow {
  /**
   * waiting: inputPort is empty; blocked: the program is not reading its stdin; paused: intake follows output, and
   * the output port is full or `writeAhead` messages wait for their answers. In the last two nothing more is taken.
   */
  input: 'none' | 'waiting' | 'flowing' | 'blocked' | 'paused';
  /** blocked: outputPort is full, so what stdout brings is held and stdout is not read until there is room. */
  output: 'none' | 'flowing' | 'blocked';
  /** Messages taken from inputPort and not answered on stdout yet (where intake follows output). */
  ahead: number;
  /** How many may be: writeAhead, or more for a program that keeps up (see WriteWindow). */
  window: number;
}

/** Where a run's messages wait when a port has no room: owned by the process, so they outlive the run. */
export interface RunHeld {
  /** stdout's messages for outputPort. */
  output: HeldMessages | undefined;
  /** Messages taken from inputPort that never reached the program, for the front of inputPort. */
  returned: HeldMessages | undefined;
}

export interface RunOptions {
  /** Emit `stdout` events with the output as text (a terminal shows them). */
  echoStdout?: boolean;
  /** Called when `flow` changes. */
  onFlow?: () => void;
  inheritedEnv?: NodeJS.ProcessEnv;
}

const STDERR_LINE_LIMIT = 1 << 20;
const BATCH_BYTES = 64 * 1024;
/** The window from which a batch is half of it (see batchLimit). */
const SPLIT_WINDOW_FROM = 512;
/** Messages taken from inputPort per call while a batch fills: a batch may pass BATCH_BYTES by up to this many. */
const TAKE_AT_ONCE = 64;
/** After SIGTERM to the group, this long before SIGKILL; then this much more for the pipes to close. */
const KILL_DELAY_MS = 500;
const PIPES_CLOSE_MS = 300;

/**
 * One run of the program, in a process group of its own: stdout to outputPort, inputPort to stdin, stderr as events.
 * Nothing is lost and no port goes past its capacity: output that finds no room is held (and stdout not read while it
 * waits); where intake follows output, nothing is taken while the output port is full or `writeAhead` messages wait
 * for answers; a message not yet handed to the OS when the program ends goes back to the front of its port, or is
 * held until there is room.
 */
export class ProcessRun {
  readonly ended: Promise<RunEnd>;
  pid: number | undefined;
  private child: ChildProcessWithoutNullStreams | undefined;
  /** Batches for stdin (the one filling included) whose bytes the OS has not taken yet, oldest first. */
  private readonly inFlight = new Queue<unknown[]>();
  private readonly inputStop = new AbortController();
  /** Messages taken for stdin, not yet written (see collect). */
  private batch = new StdinBatch();
  private flushTimer: NodeJS.Immediate | undefined;
  private readonly flow: RunFlow;
  private readonly followsOutput: boolean;
  private readonly window: WriteWindow;
  /** Taken from inputPort, and stdout messages seen: their difference is `ahead`. */
  private taken = 0;
  private answered = 0;
  /** stdin's bytesWritten already added to the counters. */
  private bytesCounted = 0;
  private wakeIntake: (() => void) | undefined;
  private stdoutDone = false;
  private exited = false;
  private closed = false;
  private stopping = false;
  private failure: string | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private finish!: (end: RunEnd) => void;
  private spawned!: () => void;
  private readonly spawnPromise = new Promise<void>((resolve) => (this.spawned = resolve));
  private exitSeen!: () => void;
  private readonly exitPromise = new Promise<void>((resolve) => (this.exitSeen = resolve));
  private closeSeen!: () => void;
  private readonly closePromise = new Promise<void>((resolve) => (this.closeSeen = resolve));
  private readonly frames: FrameDecoder | undefined;
  private readonly lines: LineSplitter | undefined;
  private readonly stopHeldWatch: (() => void) | undefined;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly io: PortIo,
    private readonly held: RunHeld,
    private readonly emit: (event: ProcessEvent) => void,
    readonly counters: RunCounters,
    private readonly options: RunOptions = {},
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
    this.frames = spec.framing && new FrameDecoder(spec.framing);
    this.lines = spec.framing ? undefined : new LineSplitter('stdout', spec.maxLineLength);
    this.followsOutput = spec.intakeFollowsOutput && spec.inputPort !== undefined && spec.outputPort !== undefined;
    this.window = new WriteWindow(spec.writeAhead, spec.writeAheadLimit);
    this.flow = { input: spec.inputPort === undefined ? 'none' : 'waiting', output: spec.outputPort === undefined ? 'none' : 'flowing', ahead: 0, window: this.window.size };
    this.stopHeldWatch = held.output?.onChange(() => this.outputMoved());
    this.inputStop.signal.addEventListener('abort', () => this.wake(), { once: true });
  }

  /**
   * Most messages a batch for stdin holds where intake follows output: half a wide window, so one half is on its way
   * back while the other is taken and written (a full-window batch leaves both ends waiting in turn). A small window
   * goes whole: halves of it would not pay for the extra wake-up of the program.
   */
  private get batchLimit(): number {
    if (!this.followsOutput) return Infinity;
    const size = this.window.size;
    return size < SPLIT_WINDOW_FROM ? size : Math.ceil(size / 2);
  }

  /** Taken and not yet answered (0 where intake does not follow output). */
  private get ahead(): number {
    return this.followsOutput ? Math.max(0, this.taken - this.answered) : 0;
  }

  /** Where the traffic stands now. */
  inspectFlow(): RunFlow {
    return { ...this.flow, ahead: this.ahead, window: this.window.size };
  }

  private setFlow<K extends 'input' | 'output'>(side: K, state: RunFlow[K]): void {
    if (this.flow[side] === state) return;
    this.flow[side] = state;
    this.options.onFlow?.();
  }

  get env(): Record<string, string> {
    return buildEnv(this.spec.env, this.spec.inheritEnv, this.options.inheritedEnv);
  }

  start(): Promise<RunEnd> {
    const { spec } = this;
    const cwdProblem = spec.cwd === undefined ? undefined : checkDirectory(spec.cwd);
    if (cwdProblem) return this.failStart(cwdProblem);
    let child: ChildProcessWithoutNullStreams;
    try {
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: this.env, stdio: 'pipe', ...OWN_GROUP });
    } catch (error) {
      return this.failStart(startProblem(spec.command, error as NodeJS.ErrnoException));
    }
    this.child = child;
    child.on('error', (error: NodeJS.ErrnoException) => {
      if (this.pid === undefined) void this.failStart(startProblem(spec.command, error));
      else this.report(`the program reported an error: ${error.message}`);
    });
    child.once('spawn', () => {
      this.pid = child.pid as number;
      reaper.add(this.pid);
      this.emit({ type: 'start', tag: spec.tag, pid: this.pid });
      this.wire(child);
      this.spawned();
    });
    return this.ended;
  }

  /** Sends a signal to the program's process group (a terminal's Ctrl+C is SIGINT). */
  signal(name: NodeJS.Signals): void {
    if (!this.closed && this.pid !== undefined) signalGroup(this.pid, name);
  }

  /** Writes text typed by a person to stdin, outside the port traffic. */
  type(text: string): void {
    if (this.pid === undefined || this.exited || !this.child!.stdin.writable) return;
    this.flushInput();
    this.writeRaw(text);
  }

  /**
   * Stops taking input, closes stdin and reads stdout to its end (what finds no room is held). A program with an
   * inputPort gets the grace period to finish what it was given; one without is sent SIGTERM at once. Then SIGTERM to
   * its process group, SIGKILL soon after: the stop ends within grace + 1 s even when a child holds the pipes.
   */
  async stop(): Promise<RunEnd> {
    if (this.child === undefined || this.stopping) return this.ended;
    this.stopping = true;
    if (this.pid === undefined) await Promise.race([this.spawnPromise, this.ended]);
    if (this.pid === undefined || this.closed) return this.ended;
    this.inputStop.abort();
    this.child.stdout.resume();
    this.flushInput();
    this.child.stdin.end();
    const grace = this.spec.stopGraceMs;
    const finishing = !this.exited && this.spec.inputPort !== undefined;
    if (finishing) await within(grace, Promise.race([this.closePromise, this.exitPromise]));
    if (!this.closed) {
      // Done, out of grace, or with no input to finish: what is left gets SIGTERM (and a child holding the pipes too).
      this.signal('SIGTERM');
      if (!(await within(finishing || this.exited ? KILL_DELAY_MS : grace, this.closePromise))) await this.kill();
    }
    return this.ended;
  }

  /** SIGKILL to the group; if a process outside it still holds the pipes, this end lets go of them. */
  private async kill(): Promise<void> {
    this.signal('SIGKILL');
    if (await within(PIPES_CLOSE_MS, this.closePromise)) return;
    this.child!.stdout.destroy();
    this.child!.stderr.destroy();
    await this.closePromise;
  }

  private wire(child: ChildProcessWithoutNullStreams): void {
    const { spec } = this;
    child.stdin.on('error', () => {
      // EPIPE after the program closed stdin or ended: the messages concerned are still in inFlight.
    });
    child.stdin.once('close', () => this.inputStop.abort());
    child.stdout.on('data', (chunk: Buffer) => this.onStdout(chunk));
    child.stdout.on('end', () => this.onStdoutEnd());
    const stderr = new LineSplitter('stderr', STDERR_LINE_LIMIT);
    child.stderr.on('data', (chunk: Buffer) => {
      this.counters.bytesIn += chunk.length;
      try {
        for (const line of stderr.push(chunk)) this.emit({ type: 'stderr', tag: spec.tag, line });
      } catch (e) {
        if (e instanceof LineTooLongError) for (const line of e.lines) this.emit({ type: 'stderr', tag: spec.tag, line });
        this.report((e as Error).message);
      }
    });
    child.stderr.on('end', () => {
      for (const line of stderr.end()) this.emit({ type: 'stderr', tag: spec.tag, line });
    });
    child.once('exit', () => {
      this.exited = true;
      this.inputStop.abort();
      clearTimeout(this.keepAliveTimer);
      this.exitSeen();
    });
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => this.onClose(exitCode, signal));
    if (spec.inputPort !== undefined) void this.pumpInput(spec.inputPort);
    if (spec.keepAlive) {
      this.keepAliveTimer = setTimeout(() => this.keepAlive(), spec.keepAlive.periodMs);
      this.keepAliveTimer.unref();
    }
  }

  private onClose(exitCode: number | null, signal: NodeJS.Signals | null): void {
    this.exited = this.closed = true;
    this.closeSeen();
    this.child!.stdin.destroy();
    this.returnInFlight();
    this.stopHeldWatch?.();
    this.endGroup();
    this.finish({ started: true, exitCode, signal, stopped: this.stopping, failure: this.failure });
  }

  /** What the program started and left running without its pipes is not left behind either. */
  private endGroup(): void {
    const pid = this.pid!;
    if (!groupAlive(pid)) return reaper.remove(pid);
    signalGroup(pid, 'SIGTERM');
    setTimeout(() => {
      signalGroup(pid, 'SIGKILL');
      reaper.remove(pid);
    }, KILL_DELAY_MS).unref();
  }

  private onStdout(chunk: Buffer): void {
    this.counters.bytesIn += chunk.length;
    let messages: unknown[];
    try {
      messages = this.frames ? this.frames.push(chunk) : this.decodeLines(this.lines!.push(chunk));
    } catch (e) {
      // Frames or lines the program sent whole before the bad one may share its read (the pipe joins writes): they count.
      if (e instanceof FrameError) this.deliver(e.frames);
      if (e instanceof LineTooLongError) this.deliver(this.decodeLines(e.lines));
      return this.abandon((e as Error).message);
    }
    if (this.options.echoStdout) this.emit({ type: 'stdout', tag: this.spec.tag, text: this.frames ? `‹${messages.length} frame(s), ${chunk.length} bytes›\n` : chunk.toString() });
    this.deliver(messages);
  }

  private onStdoutEnd(): void {
    try {
      if (this.frames) {
        const dropped = this.frames.end();
        if (dropped) this.report(`stdout ended inside a frame: the last ${dropped} bytes were not a whole frame and were dropped`);
      } else {
        this.deliver(this.decodeLines(this.lines!.end()));
      }
    } catch (e) {
      this.report((e as Error).message);
    }
    this.stdoutDone = true;
  }

  private decodeLines(lines: string[]): unknown[] {
    if (this.spec.mode === 'lines') return lines;
    const out: unknown[] = [];
    for (const line of lines) {
      if (line.trim() === '') continue;
      const { value, problem } = parseJsonLine(line);
      if (problem) this.report(problem, value);
      out.push(value);
    }
    return out;
  }

  /** To outputPort, or held; while anything is held, stdout is not read (except to the end during a stop). */
  private deliver(messages: unknown[]): void {
    const output = this.held.output;
    if (output === undefined || !messages.length) return;
    this.answered += messages.length;
    output.add(messages);
    if (output.size && !this.stopping) this.child!.stdout.pause();
    if (!this.followsOutput) return;
    this.window.answered(messages.length, this.ahead, performance.now());
    // `ahead` moved: an observer of a paused intake sees it (a running intake shows it at its next move).
    if (this.flow.input === 'paused') this.options.onFlow?.();
    this.wake();
  }

  /** The held output changed: once it is all in, stdout is read again and intake may go on. */
  private outputMoved(): void {
    const waiting = this.held.output!.size > 0;
    this.setFlow('output', waiting ? 'blocked' : 'flowing');
    if (waiting) return;
    if (!this.stdoutDone && !this.closed) this.child!.stdout.resume();
    this.wake();
  }

  /** A stream error (a frame too large, a line too long): report, stop the program, and count it as a failure. */
  private abandon(message: string): void {
    this.failure = message;
    this.report(message);
    this.child!.stdout.removeAllListeners('data');
    this.child!.stdout.resume();
    this.inputStop.abort();
    this.signal('SIGKILL');
  }

  /** How many messages intake may take now: 0 while the output port is full or the write-ahead is used up. */
  private allowance(): number {
    if (!this.followsOutput) return Infinity;
    if (this.held.output!.size > 0 || this.io.room?.(this.spec.outputPort!) === 0) return 0;
    return this.window.size - this.ahead;
  }

  private wake(): void {
    const wake = this.wakeIntake;
    this.wakeIntake = undefined;
    wake?.();
  }

  /** Until an answer comes, held output goes in, the output port has room, or the stop. */
  private paused(): Promise<void> {
    return new Promise((resolve) => {
      this.wakeIntake = resolve;
      if (this.held.output!.size === 0) void this.io.whenRoom(this.spec.outputPort!, this.inputStop.signal).then(() => this.wake());
    });
  }

  private async pumpInput(port: number): Promise<void> {
    const signal = this.inputStop.signal;
    const stdin = this.child!.stdin;
    try {
      while (!signal.aborted) {
        if (stdin.writableNeedDrain) {
          // Backpressure: the program is not reading; take nothing more until it does.
          this.setFlow('input', 'blocked');
          await new Promise<void>((resolve) => {
            const done = () => (stdin.off('drain', done), signal.removeEventListener('abort', done), resolve());
            stdin.on('drain', done);
            signal.addEventListener('abort', done);
          });
          continue;
        }
        const allowed = this.allowance();
        if (allowed <= 0) {
          this.setFlow('input', 'paused');
          await this.paused();
          continue;
        }
        let item = this.io.take(port);
        if (item instanceof Promise) item = await item;
        if (item === EMPTY) {
          this.setFlow('input', 'waiting');
          await this.io.whenData(port, signal);
          continue;
        }
        this.setFlow('input', 'flowing');
        if (signal.aborted) {
          this.held.returned!.add([item]);
          break;
        }
        this.collect(port, item, allowed);
      }
    } catch (e) {
      this.report(`reading port ${port} failed: ${(e as Error).message}`);
    }
  }

  /**
   * Adds `first`, and whatever else the port already holds (up to `allowed` in all), to the batch for stdin. A syscall
   * per message, or even per refill of a small port, would cost more than everything else on the path, so the batch
   * is written once it holds BATCH_BYTES or when this turn of the event loop ends (the writer refilling the port within
   * the turn joins it). A place that answers with promises (no takeMany) has `first` written alone.
   */
  private collect(port: number, first: unknown, allowed: number): void {
    this.addToBatch(first);
    const { io } = this;
    if (!io.takeMany) return this.flushInput();
    let room = Math.min(allowed - 1, this.batchLimit - this.batch.count);
    while (this.batch.size < BATCH_BYTES && room > 0) {
      const asked = Math.min(TAKE_AT_ONCE, room);
      const items = io.takeMany(port, asked);
      for (let i = 0; i < items.length; i++) this.addToBatch(items[i]);
      room -= items.length;
      if (items.length < asked) break;
    }
    // Full, or as much as the write-ahead allows: nothing more can join, so it goes now.
    if (this.batch.size >= BATCH_BYTES || room <= 0) this.flushInput();
    else this.flushTimer ??= setImmediate(() => this.flushInput());
  }

  private addToBatch(item: unknown): void {
    const encoded = this.encode(item);
    if (encoded === undefined) return;
    if (this.batch.count === 0) this.inFlight.push(this.batch.items);
    // The clock is read once per stretch of work, not per message.
    if (this.followsOutput && !this.window.measuring) this.window.busy(performance.now());
    this.batch.add(item, encoded);
    this.taken++;
    this.counters.messagesIn++;
  }

  /** Writes the batch. Its messages stay in inFlight until the OS has taken the bytes. */
  private flushInput(): void {
    clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const batch = this.batch;
    if (!batch.count) return;
    this.batch = new StdinBatch();
    // Ended meanwhile: the messages are still in inFlight, and go back to the port from there.
    if (this.exited) return;
    this.writeRaw(batch.data(), (error) => {
      if (!error) this.inFlight.shift();
    });
  }

  private encode(item: unknown): string | Uint8Array | undefined {
    try {
      return encodeInput(this.spec.mode, item);
    } catch (e) {
      this.report(`a message from port ${this.spec.inputPort} was not written to stdin: ${(e as Error).message}`, item);
      return undefined;
    }
  }

  private writeRaw(data: Uint8Array | string, callback?: (error?: Error | null) => void): void {
    // A piped stdin is a net.Socket, which counts what it wrote.
    const stdin = this.child!.stdin as Socket;
    stdin.write(data, (error) => {
      // Text is encoded once, by the write itself, and not measured here too.
      this.counters.bytesOut += stdin.bytesWritten - this.bytesCounted;
      this.bytesCounted = stdin.bytesWritten;
      callback?.(error);
    });
    this.keepAliveTimer?.refresh();
  }

  private keepAlive(): void {
    if (this.exited || this.stopping || !this.child!.stdin.writable) return;
    this.flushInput();
    this.writeRaw(this.spec.keepAlive!.bytes);
  }

  /** What the OS never took goes back to the front of inputPort, or is held until there is room there. */
  private returnInFlight(): void {
    if (this.spec.inputPort === undefined || !this.inFlight.length) return;
    const items = this.inFlight.toArray().flat();
    this.inFlight.clear();
    this.counters.messagesIn -= items.length;
    this.held.returned!.add(items);
  }

  private report(message: string, value?: unknown): void {
    this.emit(value === undefined ? { type: 'error', tag: this.spec.tag, message } : { type: 'error', tag: this.spec.tag, message, value });
  }

  private failStart(message: string): Promise<RunEnd> {
    this.report(message);
    this.finish({ started: false, message });
    return this.ended;
  }
}

function startProblem(command: string, error: NodeJS.ErrnoException): string {
  switch (error.code) {
    case 'ENOENT':
      return `cannot start "${command}": no such program (ENOENT). Check the name and PATH, or give its full path.`;
    case 'EACCES':
      return `cannot start "${command}": it is not executable (EACCES). Make it executable (chmod +x) or run it through its interpreter, e.g. "python3".`;
    default:
      return `cannot start "${command}": ${error.message}`;
  }
}

function checkDirectory(cwd: string): string | undefined {
  try {
    return statSync(cwd).isDirectory() ? undefined : `cannot start in cwd "${cwd}": it is not a folder`;
  } catch {
    return `cannot start in cwd "${cwd}": no such folder. Fix "cwd" (relative paths start at the workspace root).`;
  }
}

/** True when `promise` settled within `ms`. */
async function within(ms: number, promise: Promise<unknown>): Promise<boolean> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<false>((resolve) => (timer = setTimeout(() => resolve(false), ms)));
  const settled = await Promise.race([promise.then(() => true), timeout]);
  clearTimeout(timer);
  return settled;
}
