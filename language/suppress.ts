import type { LineMap } from './lines';
import { isRuleId, type RuleId } from './rules';

/** Lines (0-based) on which findings are silenced: all rules, or the named ones. */
export type Suppressions = Map<number, Set<RuleId> | 'all'>;

const DIRECTIVE = /\/\/\s*bbports-disable-next-line\b([^\n]*)/g;

/** Reads `// bbports-disable-next-line [rule, rule…]` comments, lines counted as findings' lines are (`lines`). */
export function suppressionsOf(text: string, lines: LineMap): Suppressions {
  const out: Suppressions = new Map();
  if (!text.includes('bbports-disable')) return out;
  for (const m of text.matchAll(DIRECTIVE)) {
    const line = lines.position(m.index).line + 1;
    const rules = (m[1] ?? '').split(/[\s,]+/).filter((r) => r && !r.startsWith('--'));
    const named = rules.filter(isRuleId);
    out.set(line, named.length ? new Set(named) : 'all');
  }
  return out;
}

export function isSuppressed(suppressions: Suppressions, line: number, rule: RuleId): boolean {
  const s = suppressions.get(line);
  return s === 'all' || (s !== undefined && s.has(rule));
}
