import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { statSync } from 'node:fs';
import { Queue } from '../engine/queue';
import type { ProcessSpec } from './definition';
import { encodeInput, parseJsonLine } from './encode';
import { buildEnv } from './env';
import type { ProcessEvent } from './events';
import { FrameDecoder, FrameError } from './framing';
import { LineSplitter, LineTooLongError } from './lines';
import { EMPTY, type PortIo } from './port-io';
import { previewItem } from '../port-view/preview';

/** How one run ended. `started: false`: the program never ran (not found, not executable, bad cwd). */
export type RunEnd = { started: true; exitCode: number | null; signal: string | null; stopped: boolean; failure?: string } | { started: false; message: string };

export interface RunCounters {
  bytesIn: number;
  bytesOut: number;
  messagesIn: number;
  messagesOut: number;
}

/** Where the traffic stands, for inspection: `blocked` is backpressure at work. */
export interface RunFlow {
  /** waiting: inputPort is empty; blocked: the program is not reading its stdin, so nothing more is taken. */
  input: 'none' | 'waiting' | 'flowing' | 'blocked';
  /** blocked: outputPort is full, so stdout is not read until there is room. */
  output: 'none' | 'flowing' | 'blocked';
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
/** Messages taken from inputPort per call while a batch fills: a batch may pass BATCH_BYTES by up to this many. */
const TAKE_AT_ONCE = 64;

/**
 * One run of the program: stdout to outputPort, inputPort to stdin, stderr as events, with backpressure both ways.
 * Nothing taken from a port is lost: a message not yet handed to the OS when the program ends goes back to the front
 * of its port (or, where the place cannot take it back, is reported with its value).
 */
export class ProcessRun {
  readonly ended: Promise<RunEnd>;
  pid: number | undefined;
  private child: ChildProcessWithoutNullStreams | undefined;
  /** stdout messages not yet in outputPort: output[outputAt..], oldest first. */
  private output: unknown[] = [];
  private outputAt = 0;
  /** Messages written to stdin whose bytes the OS has not taken yet, oldest first. */
  private readonly inFlight = new Queue<unknown>();
  private readonly inputStop = new AbortController();
  private readonly outputStop = new AbortController();
  private draining = false;
  /** Messages taken for stdin, not yet written (see collect). */
  private batch = emptyBatch();
  private flushTimer: NodeJS.Immediate | undefined;
  readonly flow: RunFlow;
  private stdoutDone = false;
  private exited = false;
  private stopping = false;
  private failure: string | undefined;
  private keepAliveTimer: NodeJS.Timeout | undefined;
  private finish!: (end: RunEnd) => void;
  private exitSeen!: () => void;
  private spawned!: () => void;
  private readonly spawnPromise = new Promise<void>((resolve) => (this.spawned = resolve));
  private readonly exitPromise = new Promise<void>((resolve) => (this.exitSeen = resolve));
  private readonly frames: FrameDecoder | undefined;
  private readonly lines: LineSplitter | undefined;

  constructor(
    private readonly spec: ProcessSpec,
    private readonly io: PortIo,
    private readonly emit: (event: ProcessEvent) => void,
    readonly counters: RunCounters,
    private readonly options: RunOptions = {},
  ) {
    this.ended = new Promise((resolve) => (this.finish = resolve));
    this.frames = spec.framing && new FrameDecoder(spec.framing);
    this.lines = spec.framing ? undefined : new LineSplitter('stdout', spec.maxLineLength);
    this.flow = { input: spec.inputPort === undefined ? 'none' : 'waiting', output: spec.outputPort === undefined ? 'none' : 'flowing' };
  }

  private setFlow<K extends keyof RunFlow>(side: K, state: RunFlow[K]): void {
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
      child = spawn(spec.command, spec.args, { cwd: spec.cwd, env: this.env, stdio: 'pipe' });
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
      this.emit({ type: 'start', tag: spec.tag, pid: this.pid });
      this.wire(child);
      this.spawned();
    });
    return this.ended;
  }

  /** Sends a signal (a terminal's Ctrl+C is SIGINT). */
  signal(name: NodeJS.Signals): void {
    if (!this.exited) this.child?.kill(name);
  }

  /** Writes text typed by a person to stdin, outside the port traffic. */
  type(text: string): void {
    if (this.pid === undefined || this.exited || !this.child!.stdin.writable) return;
    this.flushInput();
    this.writeRaw(text);
  }

  /**
   * Stops taking input and closes stdin. When messages were still buffered for the program, it gets the grace period
   * to read them and exit by itself; then SIGTERM, then SIGKILL after another grace period. What it never read goes
   * back to the port.
   */
  async stop(): Promise<RunEnd> {
    if (this.child === undefined || this.stopping) return this.ended;
    this.stopping = true;
    if (this.pid === undefined) await Promise.race([this.spawnPromise, this.ended]);
    if (this.pid === undefined) return this.ended;
    const grace = this.spec.stopGraceMs;
    this.inputStop.abort();
    if (!this.exited) {
      this.flushInput();
      const buffered = this.child.stdin.writableLength > 0;
      this.child.stdin.end();
      if (!buffered || !(await within(grace, this.exitPromise))) this.child.kill('SIGTERM');
      if (!(await within(grace, this.exitPromise))) this.child.kill('SIGKILL');
    }
    // Output still waiting for room gets the grace period, then is reported rather than waited on forever.
    if (!(await within(grace, this.ended))) this.outputStop.abort();
    return this.ended;
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
    child.once('close', (exitCode: number | null, signal: NodeJS.Signals | null) => {
      this.exited = true;
      this.child!.stdin.destroy();
      this.returnInFlight();
      void this.whenOutputDone().then(() => this.finish({ started: true, exitCode, signal, stopped: this.stopping, failure: this.failure }));
    });
    if (spec.inputPort !== undefined) void this.pumpInput(spec.inputPort);
    if (spec.keepAlive) {
      this.keepAliveTimer = setTimeout(() => this.keepAlive(), spec.keepAlive.periodMs);
      this.keepAliveTimer.unref();
    }
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
    void this.drainOutput();
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

  private deliver(messages: unknown[]): void {
    if (this.spec.outputPort === undefined || !messages.length) return;
    this.output = this.outputAt < this.output.length ? this.output.slice(this.outputAt).concat(messages) : messages;
    this.outputAt = 0;
    if (this.outputStop.signal.aborted) return this.dropOutput();
    void this.drainOutput();
    // Backpressure: while messages wait for room, the program's writes fill the pipe and block it.
    if (this.outputAt < this.output.length) this.child!.stdout.pause();
  }

  private async drainOutput(): Promise<void> {
    const port = this.spec.outputPort;
    if (this.draining) return;
    this.draining = true;
    try {
      while (port !== undefined && this.outputAt < this.output.length && !this.outputStop.signal.aborted) {
        let taken = this.io.offerFrom(port, this.output, this.outputAt);
        if (typeof taken !== 'number') taken = await taken;
        this.outputAt += taken;
        this.counters.messagesOut += taken;
        if (this.outputAt < this.output.length) {
          this.setFlow('output', 'blocked');
          await this.io.whenRoom(port, this.outputStop.signal);
          this.setFlow('output', 'flowing');
        }
      }
    } catch (e) {
      this.report(`writing to port ${port} failed: ${(e as Error).message}`);
      this.outputStop.abort();
    } finally {
      this.draining = false;
    }
    if (this.outputStop.signal.aborted) this.dropOutput();
    if (this.outputAt === this.output.length) {
      this.output = [];
      this.outputAt = 0;
      if (this.stdoutDone) this.outputDone?.();
      else this.child!.stdout.resume();
    }
  }

  private outputDone: (() => void) | undefined;

  private whenOutputDone(): Promise<void> {
    if (this.outputAt === this.output.length && !this.draining) return Promise.resolve();
    return new Promise((resolve) => (this.outputDone = resolve));
  }

  /** Output given up on (a stop whose grace ran out, a failing port): reported with the values, never silently. */
  private dropOutput(): void {
    const values = this.output.slice(this.outputAt);
    this.output = [];
    this.outputAt = 0;
    if (values.length) this.report(`${values.length} message(s) from stdout were not delivered: port ${this.spec.outputPort} stayed full until the stop`, values);
  }

  /** A stream error (a frame too large, a line too long): report, stop the program, and count it as a failure. */
  private abandon(message: string): void {
    this.failure = message;
    this.report(message);
    this.child!.stdout.removeAllListeners('data');
    this.child!.stdout.resume();
    this.inputStop.abort();
    this.child!.kill('SIGKILL');
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
        let item = this.io.take(port);
        if (item instanceof Promise) item = await item;
        if (item === EMPTY) {
          this.setFlow('input', 'waiting');
          await this.io.whenData(port, signal);
          continue;
        }
        this.setFlow('input', 'flowing');
        if (signal.aborted) {
          this.giveBack(port, item);
          break;
        }
        this.collect(port, item);
      }
    } catch (e) {
      this.report(`reading port ${port} failed: ${(e as Error).message}`);
    }
  }

  /**
   * Adds `first`, and whatever else the port already holds, to the batch for stdin. A syscall per message, or even per
   * refill of a small port, would cost more than everything else on the path, so the batch is written once it holds
   * BATCH_BYTES or when this turn of the event loop ends (the writer refilling the port within the turn joins it).
   * A place that answers with promises (no takeMany) has `first` written alone.
   */
  private collect(port: number, first: unknown): void {
    this.addToBatch(first);
    const { io } = this;
    if (!io.takeMany) return this.flushInput();
    while (this.batch.size < BATCH_BYTES) {
      const items = io.takeMany(port, TAKE_AT_ONCE);
      for (let i = 0; i < items.length; i++) this.addToBatch(items[i]);
      if (items.length < TAKE_AT_ONCE) break;
    }
    if (this.batch.size >= BATCH_BYTES) this.flushInput();
    else this.flushTimer ??= setImmediate(() => this.flushInput());
  }

  private addToBatch(item: unknown): void {
    const encoded = this.encode(item);
    if (encoded === undefined) return;
    this.inFlight.push(item);
    if (typeof encoded === 'string') this.batch.text += encoded;
    else this.batch.bytes.push(encoded);
    this.batch.count++;
    this.batch.size += encoded.length;
    this.counters.messagesIn++;
  }

  /** Writes the batch. Its messages stay in inFlight until the OS has taken the bytes. */
  private flushInput(): void {
    clearImmediate(this.flushTimer);
    this.flushTimer = undefined;
    const { count, text, bytes } = this.batch;
    if (!count) return;
    this.batch = emptyBatch();
    // Ended meanwhile: the messages are still in inFlight, and go back to the port from there.
    if (this.exited) return;
    // A batch is all text (line modes) or all bytes (binary); text goes to the pipe without a Buffer copy.
    this.writeRaw(bytes.length === 0 ? text : bytes.length === 1 ? (bytes[0] as Uint8Array) : Buffer.concat(bytes), (error) => {
      if (!error) for (let i = 0; i < count; i++) this.inFlight.shift();
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
    this.counters.bytesOut += typeof data === 'string' ? Buffer.byteLength(data) : data.length;
    this.child!.stdin.write(data, callback);
    this.keepAliveTimer?.refresh();
  }

  private keepAlive(): void {
    if (this.exited || this.stopping || !this.child!.stdin.writable) return;
    this.flushInput();
    this.writeRaw(this.spec.keepAlive!.bytes);
  }

  private returnInFlight(): void {
    const port = this.spec.inputPort;
    if (port === undefined) return;
    const items = this.inFlight.toArray();
    this.inFlight.clear();
    for (let i = items.length - 1; i >= 0; i--) this.giveBack(port, items[i]);
    if (items.length) this.counters.messagesIn -= items.length;
  }

  private giveBack(port: number, item: unknown): void {
    if (!this.io.putBack(port, item)) this.report(`a message taken from port ${port} never reached the program before it ended: ${previewItem(item, 120).text}`, item);
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

interface InputBatch {
  text: string;
  bytes: Uint8Array[];
  count: number;
  size: number;
}

function emptyBatch(): InputBatch {
  return { text: '', bytes: [], count: 0, size: 0 };
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
