import table from './ns-ram-costs.json';

/** The game's RAM constants and its tree of ns function costs (GB), transcribed from RamCostGenerator.ts. */
export const RAM = { base: table.base, dom: table.dom, hacknet: table.hacknet, max: table.max };

type CostTree = { [name: string]: number | CostTree };

export interface NsCost {
  /** Where the name sits in the API, e.g. `stock.getPrice`. */
  path: string;
  cost: number;
}

/**
 * Singularity functions cost 16x without Source-File 4, 4x at level 2 and 1x from level 3 (or inside BitNode 4);
 * pass 3 for the table's own figures.
 */
function sourceFile4Factor(level: number): number {
  if (level >= 3) return 1;
  return level === 2 ? 4 : 16;
}

/**
 * What the game charges for a name, found the way the game looks it up: a function directly in a namespace wins,
 * otherwise the first match depth-first through the namespaces in table order. Namespace names themselves cost 0.
 */
export function nsCost(name: string, sourceFile4 = 0): NsCost | undefined {
  const find = (tree: CostTree, prefix: string): NsCost | undefined => {
    const own = Object.hasOwn(tree, name) ? tree[name] : undefined;
    if (typeof own === 'number') return { path: prefix + name, cost: own };
    for (const [key, sub] of Object.entries(tree)) {
      if (typeof sub === 'number') continue;
      const found = find(sub, `${prefix}${key}.`);
      if (found) return found;
    }
    return undefined;
  };
  const found = find(table.costs as CostTree, '');
  if (!found || !found.path.startsWith(`${table.sourceFile4Scaled}.`)) return found;
  return { path: found.path, cost: found.cost * sourceFile4Factor(sourceFile4) };
}
