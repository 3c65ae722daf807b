import type { Proc } from '../process';
import type { Simulation } from '../simulation';

/** What an ns function of the playground works with: the run, and the script calling it. */
export interface ScriptContext {
  sim: Simulation;
  proc: Proc;
}

export type NsFunctions = Record<string, (...args: any[]) => unknown>;

/** The game's error string for a bad call: `RUNTIME ERROR\n<script>@<host> (PID - n)\n\n<fn>: <msg>`. */
export function runtimeError(c: ScriptContext, fn: string, msg: string, kind = 'RUNTIME'): string {
  return `${kind} ERROR\n${c.proc.label}\n\n${fn}: ${msg}`;
}

/** A line in the script's log from one of its ns functions (`exec: …`), unless disableLog turned it off. */
export function fnLog(c: ScriptContext, fn: string, msg: string): void {
  const d = c.proc.disabledLogs;
  if (d.has(fn) || (d.has('ALL') && !d.has(`!${fn}`))) return;
  c.sim.log(c.proc, `${fn}: ${msg}`);
}

/** The host argument of an ns function: the script's own server when left out, else an existing one. */
export function hostArg(c: ScriptContext, fn: string, host: unknown) {
  const name = host === undefined ? c.proc.host : String(host);
  const server = c.sim.servers.get(name);
  if (!server) throw runtimeError(c, fn, `Invalid hostname: '${name}'`);
  return server;
}

/** `threads` or `{threads}` as the game takes it for exec/run/spawn: a whole number from 1. */
export function threadsArg(c: ScriptContext, fn: string, value: unknown): number {
  const raw = typeof value === 'object' && value !== null ? (value as { threads?: unknown }).threads ?? 1 : value ?? 1;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 1) throw runtimeError(c, fn, `Invalid thread count passed to ${fn}: ${String(raw)}. Threads must be a positive number.`);
  return n;
}
