import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { FromWorker, ToWorker } from './messages';
import type { SimulationOptions } from './simulation';
import type { RunSummary, StartEvent, TraceEvent } from './trace';

export interface PlaygroundHostOptions {
  /** Called with each batch of events as the run goes (about every 50 ms of wall time). */
  onEvents?(events: TraceEvent[]): void;
  /** The worker has loaded and starts the scripts: wall-clock limits count from here. */
  onReady?(): void;
  /** Wall ms a script may hold the thread without yielding before it is stopped (the game would freeze). Default 5000. */
  watchdogMs?: number;
}

export interface Frozen {
  pid: number;
  script: string;
  host: string;
  /** Wall ms it held the thread. */
  heldMs: number;
  /** What noticed: the watchdog, or a stop() (a time limit, Ctrl+C) the run could not act on. */
  by: 'watchdog' | 'stop';
}

export type PlaygroundResult =
  | { kind: 'ended'; summary: RunSummary; events: TraceEvent[] }
  /** A script never yielded: stopped by the watchdog or by stop(); the events up to then. */
  | { kind: 'frozen'; frozen: Frozen; events: TraceEvent[] }
  /** The run could not start (a start script missing, short of RAM…). */
  | { kind: 'failed'; message: string; events: TraceEvent[] };

export interface PlaygroundRun {
  readonly done: Promise<PlaygroundResult>;
  /** Ends the run: the scripts stay where they are and the report says so. */
  stop(): void;
  /** Simulated ms per wall ms from now on: Infinity jumps over waits, 1 is real time. */
  setSpeed(speed: number): void;
}

const DEFAULT_WATCHDOG_MS = 5000;
/** After stop(), how long the run has to wind down before it counts as stuck in a loop. */
const STOP_GRACE_MS = 1000;
const CHECK_MS = 100;

/** The worker's bundle sits beside this one in dist/; from the sources (tests under tsx) it is the built one. */
function workerFile(): string {
  const beside = join(__dirname, 'playground-worker.js');
  return existsSync(beside) ? beside : join(__dirname, '..', '..', 'dist', 'playground-worker.js');
}

/** Runs a simulation in its own worker thread, watching that its scripts keep yielding. */
export function startPlayground(options: SimulationOptions, hooks: PlaygroundHostOptions = {}): PlaygroundRun {
  const watch = new SharedArrayBuffer(8);
  const shared = new Int32Array(watch);
  // execArgv: [] keeps the caller's loaders (tsx under tests, a bundler's hooks) out of the scripts' thread.
  const worker = new Worker(workerFile(), { workerData: { options, watch }, execArgv: [] });
  const events: TraceEvent[] = [];
  const started = new Map<number, StartEvent>();
  const watchdogMs = hooks.watchdogMs ?? DEFAULT_WATCHDOG_MS;
  // 0 until the worker has loaded: its start-up is not a script's loop.
  let beat = 0;
  let beatAt = Date.now();
  let stopAt: number | undefined;
  let finish!: (result: PlaygroundResult) => void;
  const done = new Promise<PlaygroundResult>((resolve) => (finish = resolve));

  const end = (result: PlaygroundResult) => {
    clearInterval(checker);
    void worker.terminate();
    finish(result);
  };
  const freeze = (heldMs: number, by: Frozen['by']) => {
    const pid = Atomics.load(shared, 1);
    const s = started.get(pid);
    end({ kind: 'frozen', frozen: { pid, script: s?.script ?? '(a script)', host: s?.host ?? 'home', heldMs, by }, events });
  };
  const checker = setInterval(() => {
    const now = Date.now();
    const b = Atomics.load(shared, 0);
    if (b !== beat) {
      beat = b;
      beatAt = now;
    } else if (beat > 0 && now - beatAt >= watchdogMs) freeze(now - beatAt, 'watchdog');
    else if (stopAt !== undefined && beat > 0 && now - stopAt >= STOP_GRACE_MS) freeze(now - beatAt, 'stop');
  }, CHECK_MS);

  worker.on('message', (m: FromWorker) => {
    if (m.type === 'ready') hooks.onReady?.();
    else if (m.type === 'events') {
      for (const e of m.events) {
        events.push(e);
        if (e.type === 'start') started.set(e.pid, e);
      }
      hooks.onEvents?.(m.events);
    } else if (m.type === 'end') end({ kind: 'ended', summary: m.summary, events });
    else end({ kind: 'failed', message: m.message, events });
  });
  worker.on('error', (error) => end({ kind: 'failed', message: `the playground itself failed: ${error.message}. This is a bbports bug: please report it.`, events }));

  return {
    done,
    stop() {
      stopAt ??= Date.now();
      worker.postMessage({ type: 'stop' } satisfies ToWorker);
    },
    setSpeed(speed) {
      worker.postMessage({ type: 'speed', speed } satisfies ToWorker);
    },
  };
}
