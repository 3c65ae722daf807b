/** Far above the game's own file (about 340 KB in 2.6, 0.5 MB in 3.x); larger text is not a definitions file. */
export const MAX_DEFINITIONS_CHARS = 4 * 1024 * 1024;

const COST = /RAM cost:\s*([\d.]+)\s*GB/g;
/** What follows the doc comment's `*\/`: the member it documents. */
const MEMBER = /\s*(?:readonly\s+)?([A-Za-z_$][\w$]*)\s*[(:<?]/y;

/**
 * RAM costs per ns function, read from the game's NetscriptDefinitions.d.ts (its doc comments say "RAM cost: X GB"
 * and end right before the member they document). One pass: each comment end is looked at once, so junk text costs
 * time in proportion to its length. Text above MAX_DEFINITIONS_CHARS is refused with a message.
 */
export function ramCostsFromDefinitions(definitions: string): Map<string, number> {
  if (definitions.length > MAX_DEFINITIONS_CHARS) {
    throw new Error(`the game's NetscriptDefinitions.d.ts is ${(definitions.length / 1024 / 1024).toFixed(1)} MB, more than the ${MAX_DEFINITIONS_CHARS / 1024 / 1024} MB a real one could be (about 0.4 MB); RAM costs were not read from it. Fetch it again from the real game.`);
  }
  const costs = new Map<string, number>();
  COST.lastIndex = 0;
  let m = COST.exec(definitions);
  while (m) {
    const member = documentedMember(definitions, COST.lastIndex);
    if (!member) break;
    // The cost that counts is the last one before the comment ends (the member's own comment).
    let cost = m;
    for (m = COST.exec(definitions); m && m.index < member.close; m = COST.exec(definitions)) cost = m;
    const gb = Number(cost[1]);
    if (Number.isFinite(gb) && gb > 0 && !costs.has(member.name)) costs.set(member.name, gb);
  }
  return costs;
}

/** The first comment end after `from` that a member name follows: where it is, the name, and where the name ends. */
function documentedMember(text: string, from: number): { close: number; name: string; end: number } | undefined {
  for (let close = text.indexOf('*/', from); close >= 0; close = text.indexOf('*/', close + 2)) {
    MEMBER.lastIndex = close + 2;
    const m = MEMBER.exec(text);
    if (m) return { close, name: m[1] as string, end: MEMBER.lastIndex };
  }
  return undefined;
}

/** The ns functions a script is charged for, costliest first. */
export function ramCharges(source: string, costs: ReadonlyMap<string, number>): { name: string; gb: number }[] {
  const names = new Set(source.match(/[A-Za-z_$][\w$]*/g) ?? []);
  return [...names].flatMap((name) => (costs.has(name) ? [{ name, gb: costs.get(name) as number }] : [])).sort((a, b) => b.gb - a.gb || a.name.localeCompare(b.name));
}
