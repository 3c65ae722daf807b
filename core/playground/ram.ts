import { join } from 'node:path';
import type * as Ram from '../ram';
import type { SimServer } from './servers';

export type ScriptRam = { ram: number } | { problem: 'syntax' | 'import'; reason: string };

/**
 * GB per thread of a script on a server, by the game's static rules (imports followed on that server), or why the
 * game could not work it out (a syntax error, an import that is not on the server).
 */
export function scriptRam(server: SimServer, script: string): ScriptRam {
  const text = server.files.get(script);
  if (text === undefined) return { problem: 'import', reason: `${script} is not on ${server.hostname}` };
  // A batcher execs the same worker hundreds of times: parse it once per server and text.
  const key = `${server.hostname}\0${script}\0${text}`;
  let known = cache.get(key);
  if (!known) {
    const r = calculateRam(text, { path: script, otherScripts: server.files });
    known = r.ok ? { ram: r.ram } : { problem: r.code === -1 ? 'syntax' : 'import', reason: r.reason };
    cache.set(key, known);
  }
  return known;
}

const cache = new Map<string, ScriptRam>();
let calculator: typeof Ram | undefined;

/**
 * The calculator carries the TypeScript compiler: it is its own bundle beside this one (dist/ram.js, as `bbports ram`
 * loads it), so the playground's worker stays small and the compiler is in the package once.
 */
export function loadRamCalculator(): typeof Ram {
  calculator ??= require(join(__dirname, 'ram.js')) as typeof Ram;
  return calculator;
}

function calculateRam(...args: Parameters<typeof Ram.calculateRam>): ReturnType<typeof Ram.calculateRam> {
  return loadRamCalculator().calculateRam(...args);
}
