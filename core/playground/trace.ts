import type { PortEventKind } from '../engine/events';
import type { PortStats } from '../engine/history';

/** What a playground run records, in simulated milliseconds since it started (`t`). */
export type TraceEvent = PortTraceEvent | StartEvent | ExitEvent | LogEvent;

export interface PortTraceEvent {
  type: 'port';
  t: number;
  kind: PortEventKind;
  port: number;
  /** The port's length right after the event. */
  size: number;
  value?: unknown;
  cleared?: number;
  /** The script that acted, when a script did. */
  pid?: number;
}

/** What a script is, as the game's ps and getRunningScript see it. */
export interface ScriptFacts {
  pid: number;
  /** Its path on its server, as the game names it (`worker.js`, `lib/queue.js`). */
  script: string;
  host: string;
  threads: number;
  args: unknown[];
  /** GB per thread, by the game's static rules. */
  ram: number;
  /** The pid that exec'd it (0: started by the run itself). */
  parent: number;
}

export interface StartEvent extends ScriptFacts {
  type: 'start';
  t: number;
}

export type ExitReason = 'returned' | 'error' | 'killed' | 'running';

export interface ExitEvent {
  type: 'exit';
  t: number;
  pid: number;
  script: string;
  host: string;
  /** returned: main ended; error: it threw (message in `error`); killed: kill/exit/spawn; running: still there when the run ended. */
  reason: ExitReason;
  error?: string;
  /** For a script still there at the end: what it was waiting on (`port 1 (nextWrite)`, `sleep (1000 ms)`). */
  waitingOn?: string;
}

export interface LogEvent {
  type: 'log';
  t: number;
  pid: number;
  script: string;
  host: string;
  line: string;
  /** tprint and friends: the game's terminal rather than the script's log. */
  terminal?: true;
}

/** Why a run ended. */
export type EndReason = 'done' | 'waiting' | 'until' | 'stopped';

export interface RunSummary {
  reason: EndReason;
  /** Simulated milliseconds the run covered. */
  simulatedMs: number;
  /** Ports still holding items at the end, lowest first, with what happened to each during the run. */
  ports: { port: number; capacity: number; items: unknown[]; totals: PortStats }[];
}
