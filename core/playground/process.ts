import type { Timer } from './time';
import type { ScriptFacts } from './trace';

/** A running script in the simulation, the game's WorkerScript as far as ports and processes need it. */
export interface Proc extends ScriptFacts {
  startedAt: number;
  alive: boolean;
  log: string[];
  disabledLogs: Set<string>;
  exitHandlers: Map<string, () => unknown>;
  /** The ns function the script is suspended in (sleep, hack…): the game's concurrency check looks at it. */
  runningFn?: string;
  /** Its pending sleeps (sleep, asleep, hack…), so a kill can cancel them. */
  delays: Set<{ timer: Timer; reject: (reason: unknown) => void }>;
  /** Set while its atExit handlers run: they may still call ns, as in the game. */
  exiting: boolean;
  /** What it last started waiting on; cleared by its next ns call. */
  waitingOn?: string;
  /** The game's `<script>@<host> (PID - n)` label, also the engine's actor tag for its port events. */
  label: string;
}

/** Thrown into a killed script so it stops at its next ns call or pending sleep; never reported as an error. */
export class ScriptDeath {
  constructor(readonly pid: number) {}
}

/** The game's args comparison for kill/isRunning by name: the same values in the same order. */
export function sameArgs(a: readonly unknown[], b: readonly unknown[]): boolean {
  return a.length === b.length && a.every((v, i) => v === b[i]);
}

/** A path as the game keeps it: no leading slash. */
export function gamePath(path: string): string {
  return String(path).replace(/^\/+/, '');
}
