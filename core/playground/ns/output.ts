import { format } from 'node:util';
import { fnLog, type NsFunctions, type ScriptContext } from './context';

/** The game's argsToString: strings as they are, everything else as JSON, joined with nothing. */
function argsToString(args: unknown[]): string {
  return args.map((a) => (typeof a === 'string' ? a : a === undefined ? 'undefined' : JSON.stringify(a) ?? String(a))).join('');
}

/** print/tprint/printf, the script's log (getScriptLogs, clearLog, disableLog) and tail (captured: the log is in the trace). */
export function outputFunctions(c: ScriptContext): NsFunctions {
  const { sim, proc } = c;
  const target = (fn: string, file: unknown, host: unknown, args: unknown[]) => (file === undefined ? proc : sim.findProcess(c, fn, file, host, args));
  return {
    print: (...args: unknown[]) => sim.log(proc, argsToString(args)),
    tprint: (...args: unknown[]) => sim.log(proc, argsToString(args), true),
    printf: (fmt: string, ...args: unknown[]) => sim.log(proc, format(fmt, ...args)),
    tprintf: (fmt: string, ...args: unknown[]) => sim.log(proc, format(fmt, ...args), true),
    clearLog: () => void (proc.log.length = 0),
    disableLog: (fn: string) => {
      proc.disabledLogs.delete(`!${fn}`);
      proc.disabledLogs.add(fn);
    },
    enableLog: (fn: string) => {
      proc.disabledLogs.delete(fn);
      if (proc.disabledLogs.has('ALL')) proc.disabledLogs.add(`!${fn}`);
    },
    isLogEnabled: (fn: string) => !proc.disabledLogs.has(fn) && (!proc.disabledLogs.has('ALL') || proc.disabledLogs.has(`!${fn}`)),
    getScriptLogs: (file?: unknown, host?: unknown, ...args: unknown[]) => [...(target('getScriptLogs', file, host, args)?.log ?? [])],
    tail: (file?: unknown, host?: unknown, ...args: unknown[]) => {
      const p = target('tail', file, host, args);
      if (p) fnLog(c, 'tail', `the log of ${p.label} is in the run's report (no window in the playground)`);
    },
  };
}
