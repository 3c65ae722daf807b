import { nsCost, RAM } from './cost-table';
import { ScriptSyntaxError, scriptReferences } from './script-references';

/**
 * The game's static RAM calculation (src/Script/RamCalculations.ts), for tests: the game cannot run here.
 * 1.6 GB base, plus every referenced name that matches an ns function (charged once, wherever it appears: `ns.exec`,
 * `other.exec` and a variable read as `exec` all cost the same 1.3 GB), 25 GB once for `window` and once for
 * `document`, 4 GB for `hacknet`; capped at 1024 GB and rounded to two decimals. Imports are followed through the
 * other scripts on the same server.
 */
export interface RamOptions {
  /** The script's own path on its server (default `script.js`): imports with `./` or `../` are relative to it. */
  path?: string;
  /** The other scripts on the server, by path (`lib/util.js`): what imports resolve to. */
  otherScripts?: ReadonlyMap<string, string>;
  /** The player's Source-File 4 level; singularity functions cost 16x below 2, 4x at 2 (3 inside BitNode 4). */
  sourceFile4?: number;
}

export interface RamEntry {
  /** `baseCost`, `window`, `document`, `hacknet`, or the function's place in the API such as `stock.getPrice`. */
  name: string;
  cost: number;
}

export type RamResult =
  | { ok: true; ram: number; entries: RamEntry[] }
  /** The game's codes: -1 for a script (or import path) it cannot parse, -2 for an import not on the server. */
  | { ok: false; code: -1 | -2; reason: string };

const SPECIAL: Record<string, number> = { window: RAM.dom, document: RAM.dom, hacknet: RAM.hacknet };

export function calculateRam(code: string, options: RamOptions = {}): RamResult {
  const main = options.path ?? 'script.js';
  const refs = new Map<string, Set<string>>();
  const queue: string[] = [];
  const parsed = new Set<string>();
  const parse = (text: string, modulePath: string) => {
    const found = scriptReferences(text, modulePath);
    parsed.add(modulePath);
    for (const source of found.imports) if (!parsed.has(source)) queue.push(source);
    for (const [key, set] of found.refs) refs.set(key, set);
  };
  try {
    parse(code, main);
    for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
      if (/^https?:\/\//.test(module)) continue; // loaded from the web at run time; never charged
      const text = options.otherScripts?.get(module);
      if (text === undefined) return { ok: false, code: -2, reason: `${module} is not a script on this server` };
      parse(text, module);
    }
  } catch (e) {
    if (e instanceof ScriptSyntaxError) return { ok: false, code: -1, reason: e.message };
    throw e;
  }
  return { ok: true, ...charge(refs, main, options.sourceFile4 ?? 0) };
}

/** Walks what the main script's scope and all its functions refer to, charging each name once. */
function charge(refs: Map<string, Set<string>>, main: string, sourceFile4: number): { ram: number; entries: RamEntry[] } {
  const entries: RamEntry[] = [{ name: 'baseCost', cost: RAM.base }];
  const pending = [...refs.keys()].filter((key) => key.startsWith(main));
  const seen = new Set<string>();
  for (let ref = pending.shift(); ref !== undefined; ref = pending.shift()) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    // `<module>.*` (a default or namespace import) depends on everything that module declares.
    const keys = ref.endsWith('.*') ? [...refs.keys()].filter((k) => k.startsWith(ref.slice(0, -2))) : [ref];
    for (const key of keys) for (const dep of refs.get(key) ?? []) if (!seen.has(dep)) pending.push(dep);
    const special = SPECIAL[ref];
    if (special !== undefined) entries.push({ name: ref, cost: special });
    const fn = nsCost(ref, sourceFile4);
    if (fn && fn.cost > 0) entries.push({ name: fn.path, cost: fn.cost });
  }
  const total = Math.min(entries.reduce((sum, e) => sum + e.cost, 0), RAM.max);
  return { ram: Math.round(total * 100) / 100, entries };
}
