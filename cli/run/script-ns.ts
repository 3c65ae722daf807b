import { basename } from 'node:path';
import type { PortEngine } from '../../core/engine/engine';

export interface ScriptNsOptions {
  engine: PortEngine;
  file: string;
  pid: number;
  args: unknown[];
  print(line: string): void;
  /** The run's end: sleeping scripts wake to find it aborted. */
  signal: AbortSignal;
}

/**
 * The `ns` a script gets under `bbports run`: the game's port functions on the embedded engine, and the few
 * helpers port code needs (args, print, sleep). Anything else fails with a message that says so. It is a Proxy,
 * like the game's, so writing `ns` to a port is refused the same way.
 */
export function createScriptNs(o: ScriptNsOptions): object {
  const name = basename(o.file);
  const exitHandlers: (() => void)[] = [];
  const sleep = (ms: number) =>
    new Promise<true>((resolve, reject) => {
      if (o.signal.aborted) return reject(o.signal.reason);
      const timer = setTimeout(() => resolve(true), Math.max(0, Number(ms) || 0));
      o.signal.addEventListener('abort', () => (clearTimeout(timer), reject(o.signal.reason)), { once: true });
    });
  const base: Record<string, unknown> = {
    ...o.engine.nsFor(name),
    args: o.args,
    pid: o.pid,
    print: (...parts: unknown[]) => o.print(parts.map(String).join(' ')),
    tprint: (...parts: unknown[]) => o.print(parts.map(String).join(' ')),
    sleep,
    asleep: sleep,
    getScriptName: () => name,
    getHostname: () => 'home',
    atExit: (fn: () => void) => exitHandlers.push(fn),
    disableLog: () => {},
  };
  Object.defineProperty(base, 'exitHandlers', { value: exitHandlers, enumerable: false });
  return new Proxy(base, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return Reflect.get(target, prop);
      if (prop === 'then') return undefined;
      throw new Error(`ns.${prop} is not available under bbports run: it offers the port functions, args, print, sleep, asleep, atExit. Run this script in the game for the rest.`);
    },
  });
}
