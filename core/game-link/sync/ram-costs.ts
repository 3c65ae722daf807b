/**
 * RAM costs per ns function, read from the game's NetscriptDefinitions.d.ts (its doc comments say "RAM cost: X GB"),
 * and a script's charges by name: the same rule as the game's static checker (a name used anywhere costs its price).
 */
export function ramCostsFromDefinitions(definitions: string): Map<string, number> {
  const costs = new Map<string, number>();
  const pattern = /RAM cost:\s*([\d.]+)\s*GB[\s\S]*?\*\/\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*[(:<?]/g;
  for (const m of definitions.matchAll(pattern)) {
    const cost = Number(m[1]);
    const name = m[2] as string;
    if (Number.isFinite(cost) && cost > 0 && !costs.has(name)) costs.set(name, cost);
  }
  return costs;
}

/** The ns functions a script is charged for, costliest first. */
export function ramCharges(source: string, costs: ReadonlyMap<string, number>): { name: string; gb: number }[] {
  const names = new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return [...names].flatMap((name) => (costs.has(name) ? [{ name, gb: costs.get(name) as number }] : [])).sort((a, b) => b.gb - a.gb || a.name.localeCompare(b.name));
}
