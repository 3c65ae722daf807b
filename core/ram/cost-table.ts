import { DEFAULT_GAME_VERSION, type GameVersion } from '../engine/game-version';
import table261 from './costs/2.6.1.json';
import table3 from './costs/3.x.json';

type CostTree = { [name: string]: number | CostTree };

/** The game's RAM constants and its tree of ns function costs (GB), transcribed from its RamCostGenerator.ts. */
export interface CostTable {
  /** Where the figures come from (a game version's source, or fetched definitions over one). */
  source: string;
  base: number;
  dom: number;
  hacknet: number;
  max: number;
  /** The namespace whose costs scale with the Source-File 4 level. */
  sourceFile4Scaled: string;
  costs: CostTree;
}

export interface NsCost {
  /** Where the name sits in the API, e.g. `stock.getPrice`. */
  path: string;
  cost: number;
}

const SHIPPED: Record<GameVersion, CostTable> = { '2.6.1': table261 as CostTable, '3.x': table3 as CostTable };

/** The cost table shipped for a game version (2.6.1 checked against the real game's `mem`). */
export function shippedTable(version: GameVersion = DEFAULT_GAME_VERSION): CostTable {
  return SHIPPED[version];
}

/**
 * A shipped table with the costs the fetched NetscriptDefinitions.d.ts states ("RAM cost: X GB", read by
 * ramCostsFromDefinitions): a function whose name is unique in the table takes the stated cost; a stated function
 * the table lacks is added at the top level (its namespace is not in the comment).
 */
export function tableWithDefinitions(table: CostTable, stated: ReadonlyMap<string, number>, definitionsName: string): CostTable {
  const counts = new Map<string, number>();
  const count = (tree: CostTree) => {
    for (const [k, v] of Object.entries(tree)) typeof v === 'number' ? counts.set(k, (counts.get(k) ?? 0) + 1) : count(v);
  };
  count(table.costs);
  const overlay = (tree: CostTree): CostTree =>
    Object.fromEntries(Object.entries(tree).map(([k, v]) => [k, typeof v === 'number' ? (counts.get(k) === 1 ? (stated.get(k) ?? v) : v) : overlay(v)]));
  const costs = overlay(table.costs);
  for (const [name, gb] of stated) if (!counts.has(name) && !(name in costs)) costs[name] = gb;
  return { ...table, source: `${definitionsName} over ${table.source}`, costs };
}

/**
 * Singularity functions cost 16x without Source-File 4 (level 0 or 1), 4x at level 2 and 1x from level 3; inside
 * BitNode 4 pass 3.
 */
export function sourceFile4Factor(level: number): number {
  if (level >= 3) return 1;
  return level === 2 ? 4 : 16;
}

const indexes = new WeakMap<CostTable, Map<string, NsCost>>();

/**
 * What the game charges for a name, found the way the game looks it up: a function directly in a namespace wins,
 * otherwise the first match depth-first through the namespaces in table order. Namespace names themselves cost 0.
 */
export function nsCost(table: CostTable, name: string, sourceFile4 = 0): NsCost | undefined {
  const found = indexOf(table).get(name);
  if (!found || !found.path.startsWith(`${table.sourceFile4Scaled}.`)) return found;
  return { path: found.path, cost: found.cost * sourceFile4Factor(sourceFile4) };
}

/** Every name's first match by the game's lookup order, built once per table (a script names hundreds of things). */
function indexOf(table: CostTable): Map<string, NsCost> {
  let index = indexes.get(table);
  if (index) return index;
  index = new Map();
  const names = new Set<string>();
  const collect = (tree: CostTree) => {
    for (const [k, v] of Object.entries(tree)) typeof v === 'number' ? names.add(k) : collect(v);
  };
  collect(table.costs);
  for (const name of names) {
    const hit = find(table.costs, name, '');
    if (hit) index.set(name, hit);
  }
  indexes.set(table, index);
  return index;
}

function find(tree: CostTree, name: string, prefix: string): NsCost | undefined {
  const own = Object.hasOwn(tree, name) ? tree[name] : undefined;
  if (typeof own === 'number') return { path: prefix + name, cost: own };
  for (const [key, sub] of Object.entries(tree)) {
    if (typeof sub === 'number') continue;
    const hit = find(sub, name, `${prefix}${key}.`);
    if (hit) return hit;
  }
  return undefined;
}
