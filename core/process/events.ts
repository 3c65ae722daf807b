import { previewItem } from '../port-view/preview';

/**
 * What a process port tells its owner. Every kind but `stdout` is also written to the definition's eventsPort, as a
 * plain object an in-game script can read: `{type: 'terminate', tag: 'planner', exitCode: 1, signal: null}`.
 */
export type ProcessEvent =
  | { type: 'start'; tag: string; pid: number }
  /** The program's output as text, for a terminal (owner only, never on a port). */
  | { type: 'stdout'; tag: string; text: string }
  | { type: 'stderr'; tag: string; line: string }
  /** Something reported rather than lost: a bad line, an undeliverable message (as `value`), a start failure. */
  | { type: 'error'; tag: string; message: string; value?: unknown }
  | { type: 'terminate'; tag: string; exitCode: number | null; signal: string | null }
  | { type: 'restart'; tag: string; restarts: number }
  /** Supervision stopped restarting; the process stays down until started again. */
  | { type: 'gave-up'; tag: string; message: string };

export type ProcessListener = (event: ProcessEvent) => void;

/** One line for a log or a console: `[planner] exited with code 1`. */
export function describeEvent(e: ProcessEvent): string {
  switch (e.type) {
    case 'start':
      return `[${e.tag}] started, pid ${e.pid}`;
    case 'stdout':
      return `[${e.tag}] ${e.text.trimEnd()}`;
    case 'stderr':
      return `[${e.tag}] stderr: ${e.line}`;
    case 'error':
      return `[${e.tag}] ${e.message}`;
    case 'terminate':
      return `[${e.tag}] ${describeExit(e.exitCode, e.signal)}`;
    case 'restart':
      return `[${e.tag}] restarting (restart ${e.restarts})`;
    case 'gave-up':
      return `[${e.tag}] ${e.message}`;
  }
}

export function describeExit(exitCode: number | null, signal: string | null): string {
  return signal ? `ended by ${signal}` : `exited with code ${exitCode}`;
}

/** Lines for a console: each port's held messages, with the first values. */
export function describeHeld(info: { tag: string; held: { port: number; end: 'back' | 'front'; count: number; values: unknown[] }[] }): string[] {
  return info.held.map((h) => {
    const values = h.values.slice(0, 3).map((v) => previewItem(v, 60).text).join(', ');
    const what = h.end === 'back' ? `output held for port ${h.port}` : `taken from port ${h.port}, held to go back`;
    return `[${info.tag}] ${h.count} message(s) ${what} (no room yet): ${values}${h.count > 3 ? ', …' : ''}`;
  });
}
