// The testing API: `const { simulate } = require('bitburner-ports/testing')`, for node:test, jest, vitest.
import { AssertionError } from 'node:assert';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { toGameVersion } from '../engine/game-version';
import { startPlayground, type Frozen } from './host';
import { parseNetwork, type ServerSpec } from './servers';
import type { StartSpec } from './simulation';
import { parseDuration } from './time';
import type { EndReason, ExitEvent, PortTraceEvent, RunSummary, StartEvent, TraceEvent } from './trace';

export type { ServerSpec, StartSpec, TraceEvent, PortTraceEvent, StartEvent, ExitEvent, Frozen };

export interface SimulateOptions {
  /** The folder of game scripts (home's files). */
  root: string;
  /** Scripts started on home (or `host`) when the run begins: paths under root, or {script, args, threads, host}. */
  start: (string | StartSpec)[];
  /** The network besides home: a list of servers, or the path of a JSON file with one (default: early game). */
  servers?: ServerSpec[] | string;
  /** Simulated time to stop at: `10m`, `1h`, or milliseconds (default: when nothing is left to happen). */
  until?: string | number;
  realtime?: boolean;
  capacity?: number;
  /** Whose error texts: `3.x` (default) or `2.6.1`. */
  gameVersion?: string;
  /** Seconds a script may hold the thread before it is stopped as frozen (default 5). */
  watchdog?: number;
}

/** Runs scripts on a simulated game and returns what happened. Rejects only when the run cannot start. */
export async function simulate(options: SimulateOptions): Promise<Trace> {
  const root = resolve(options.root);
  const servers = typeof options.servers === 'string' ? parseNetwork(JSON.parse(readFileSync(options.servers, 'utf8')), options.servers) : options.servers;
  const version = options.gameVersion === undefined ? undefined : toGameVersion(options.gameVersion);
  if (options.gameVersion !== undefined && !version) throw new Error(`gameVersion must be 3.x or 2.6.1, was ${options.gameVersion}`);
  const run = startPlayground(
    {
      root,
      start: options.start.map((s) => (typeof s === 'string' ? { script: s } : s)),
      servers,
      untilMs: options.until === undefined ? undefined : parseDuration(options.until, 'until'),
      realtime: options.realtime,
      capacity: options.capacity,
      version,
    },
    { watchdogMs: (options.watchdog ?? 5) * 1000 },
  );
  const result = await run.done;
  if (result.kind === 'failed') throw new Error(result.message);
  if (result.kind === 'ended') return new Trace(result.events, result.summary.reason, result.summary);
  return new Trace(frozenExits(result.events, result.frozen), 'frozen', undefined, result.frozen);
}

/** A frozen run's scripts: the one in the loop failed, the others were still there. */
function frozenExits(events: TraceEvent[], frozen: Frozen): TraceEvent[] {
  const ended = new Set(events.filter((e) => e.type === 'exit').map((e) => e.pid));
  const t = events.at(-1)?.t ?? 0;
  const out = [...events];
  for (const s of events) {
    if (s.type !== 'start' || ended.has(s.pid)) continue;
    const base = { type: 'exit', t, pid: s.pid, script: s.script, host: s.host } as const;
    out.push(s.pid === frozen.pid ? { ...base, reason: 'error', error: `${s.script} ran ${(frozen.heldMs / 1000).toFixed(1)} s without yielding: in the game this freezes the page` } : { ...base, reason: 'running', waitingOn: 'the frozen script' });
  }
  return out;
}

function fail(message: string): never {
  throw new AssertionError({ message });
}

/** What a run did, in order, with helpers to ask and assert on it. Times are simulated ms since the start. */
export class Trace {
  /** The ports that still held items at the end (empty for a frozen run). */
  readonly ports: RunSummary['ports'];
  readonly simulatedMs: number;

  constructor(
    readonly events: TraceEvent[],
    /** done: every script ended; waiting: some wait on a port nobody writes; until: the time limit; frozen: a script never yielded. */
    readonly reason: EndReason | 'frozen',
    summary?: RunSummary,
    readonly frozen?: Frozen,
  ) {
    this.ports = summary?.ports ?? [];
    this.simulatedMs = summary?.simulatedMs ?? events.at(-1)?.t ?? 0;
  }

  processes(): StartEvent[] {
    return this.events.filter((e): e is StartEvent => e.type === 'start');
  }

  exits(): ExitEvent[] {
    return this.events.filter((e): e is ExitEvent => e.type === 'exit');
  }

  /** How a script ended: by pid, or the first one with that file name. */
  exit(script: string | number): ExitEvent | undefined {
    return this.exits().find((e) => (typeof script === 'number' ? e.pid === script : e.script === script));
  }

  /** Log lines (print, tprint, ns function messages), of one script (file name or pid) or of all. */
  logs(script?: string | number): string[] {
    return this.events.filter((e) => e.type === 'log' && (script === undefined || e.script === script || e.pid === script)).map((e) => (e as { line: string }).line);
  }

  portEvents(port?: number): PortTraceEvent[] {
    return this.events.filter((e): e is PortTraceEvent => e.type === 'port' && (port === undefined || e.port === port));
  }

  /** The values written to a port, in order (tryWrites that were refused are not). */
  writes(port: number): unknown[] {
    return this.portEvents(port).filter((e) => e.kind === 'write').map((e) => e.value);
  }

  reads(port: number): unknown[] {
    return this.portEvents(port).filter((e) => e.kind === 'read').map((e) => e.value);
  }

  /** The most RAM (GB) the run's scripts used at once on a server. */
  peakRam(host = 'home'): number {
    const ram = new Map<number, number>();
    let used = 0;
    let peak = 0;
    for (const e of this.events) {
      if (e.type === 'start' && e.host === host) ram.set(e.pid, e.ram * e.threads);
      if (e.type === 'start' && e.host === host) used += e.ram * e.threads;
      if (e.type === 'exit' && e.host === host && e.reason !== 'running') used -= ram.get(e.pid) ?? 0;
      peak = Math.max(peak, used);
    }
    return Math.round(peak * 100) / 100;
  }

  /** Fails unless no script threw, broke the concurrency rule or froze; the message quotes each failure. */
  assertNoErrors(): void {
    const failed = this.exits().filter((e) => e.reason === 'error');
    if (failed.length) fail(`${failed.length} script(s) failed:\n${failed.map((e) => `${e.script} (pid ${e.pid}): ${e.error}`).join('\n')}`);
  }

  /** Fails unless every script (or the one named) ended by itself, saying what the others were doing. */
  assertEnded(script?: string): void {
    const open = this.exits().filter((e) => (script === undefined || e.script === script) && e.reason !== 'returned');
    if (open.length) fail(`not ended by itself: ${open.map((e) => `${e.script} (pid ${e.pid}) ${e.reason === 'running' ? `waits on ${e.waitingOn}` : e.reason}${e.error ? `: ${e.error}` : ''}`).join('; ')}`);
  }

  /** Fails unless the script logged a line matching the pattern. */
  assertLogged(script: string | number, pattern: RegExp | string): void {
    const lines = this.logs(script);
    const ok = lines.some((l) => (typeof pattern === 'string' ? l.includes(pattern) : pattern.test(l)));
    if (!ok) fail(`${script} logged no line matching ${String(pattern)}; its log:\n${lines.join('\n') || '(empty)'}`);
  }
}
