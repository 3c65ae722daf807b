import { nsCost, shippedTable, type CostTable } from './cost-table';
import { ScriptSyntaxError, scriptReferences } from './script-references';

/**
 * The game's static RAM calculation (src/Script/RamCalculations.ts): 1.6 GB base, plus every referenced name that
 * matches an ns function (charged once, wherever it appears: `ns.exec`, `other.exec` and a variable read as `exec`
 * all cost the same 1.3 GB), 25 GB once for `window` and once for `document`, 4 GB for `hacknet`; capped at 1024 GB
 * and rounded to two decimals. Imports are followed through the other scripts on the same server.
 */
export interface RamOptions {
  /** The script's own path on its server (default `script.js`): imports with `./` or `../` are relative to it. */
  path?: string;
  /** The other scripts on the server, by path (`lib/util.js`): what imports resolve to. */
  otherScripts?: Pick<ReadonlyMap<string, string>, 'get'>;
  /** The player's Source-File 4 level; singularity functions cost 16x below 2, 4x at 2 (3 inside BitNode 4). */
  sourceFile4?: number;
  /** The costs to charge (default: the table shipped for the current game version). */
  table?: CostTable;
}

/** Where a charged name is referenced: the script (or imported script) and the 1-based line. */
export interface RamSite {
  path: string;
  line: number;
}

export interface RamEntry {
  /** `baseCost`, `window`, `document`, `hacknet`, or the function's place in the API such as `stock.getPrice`. */
  name: string;
  cost: number;
  /** The lines that cause the charge (none for baseCost). */
  sites: RamSite[];
}

export type RamResult =
  | { ok: true; ram: number; entries: RamEntry[] }
  /** The game's codes: -1 for a script (or import path) it cannot parse, -2 for an import not on the server. */
  | { ok: false; code: -1 | -2; reason: string };

interface Parsed {
  refs: Map<string, Set<string>>;
  /** Per module path, each name's lines. */
  lines: Map<string, Map<string, number[]>>;
}

export function calculateRam(code: string, options: RamOptions = {}): RamResult {
  const main = options.path ?? 'script.js';
  const parsed: Parsed = { refs: new Map(), lines: new Map() };
  const queue: string[] = [];
  const parse = (text: string, modulePath: string) => {
    const found = scriptReferences(text, modulePath);
    parsed.lines.set(modulePath, found.lines);
    for (const source of found.imports) if (!parsed.lines.has(source)) queue.push(source);
    for (const [key, set] of found.refs) parsed.refs.set(key, set);
  };
  try {
    parse(code, main);
    for (let module = queue.shift(); module !== undefined; module = queue.shift()) {
      if (parsed.lines.has(module) || /^https?:\/\//.test(module)) continue; // a URL is loaded at run time; never charged
      const text = options.otherScripts?.get(module);
      if (text === undefined) return { ok: false, code: -2, reason: `${module} is not a script on this server` };
      parse(text, module);
    }
  } catch (e) {
    if (e instanceof ScriptSyntaxError) return { ok: false, code: -1, reason: e.message };
    throw e;
  }
  return { ok: true, ...charge(parsed, main, options.table ?? shippedTable(), options.sourceFile4 ?? 0) };
}

/** Walks what the main script's scope and all its functions refer to, charging each name once. */
function charge(parsed: Parsed, main: string, table: CostTable, sourceFile4: number): { ram: number; entries: RamEntry[] } {
  const { refs } = parsed;
  const special: Record<string, number> = { window: table.dom, document: table.dom, hacknet: table.hacknet };
  const entries: RamEntry[] = [{ name: 'baseCost', cost: table.base, sites: [] }];
  const pending = [...refs.keys()].filter((key) => key.startsWith(main));
  const seen = new Set<string>();
  for (let ref = pending.shift(); ref !== undefined; ref = pending.shift()) {
    if (seen.has(ref)) continue;
    seen.add(ref);
    // `<module>.*` (a default or namespace import) depends on everything that module declares.
    const keys = ref.endsWith('.*') ? [...refs.keys()].filter((k) => k.startsWith(ref.slice(0, -2))) : [ref];
    for (const key of keys) for (const dep of refs.get(key) ?? []) if (!seen.has(dep)) pending.push(dep);
    const gb = special[ref];
    if (gb !== undefined) entries.push({ name: ref, cost: gb, sites: sitesOf(parsed, ref) });
    const fn = nsCost(table, ref, sourceFile4);
    if (fn && fn.cost > 0) entries.push({ name: fn.path, cost: fn.cost, sites: sitesOf(parsed, ref) });
  }
  const total = Math.min(entries.reduce((sum, e) => sum + e.cost, 0), table.max);
  return { ram: Math.round(total * 100) / 100, entries };
}

function sitesOf(parsed: Parsed, name: string): RamSite[] {
  const out: RamSite[] = [];
  for (const [path, lines] of parsed.lines) for (const line of lines.get(name) ?? []) out.push({ path, line });
  return out;
}
