import { readFileSync } from 'node:fs';

/**
 * A judgement of one finding on real code, read by hand against the game's semantics. `miss` is a real bug the
 * linter should report there (with the rule that should); `true`/`false` judge a finding it made.
 */
export interface Verdict {
  repository: string;
  commit: string;
  file: string;
  line: number;
  rule: string;
  verdict: 'true' | 'false' | 'miss';
  reason: string;
}

/** A finding the evaluation saw, located like a verdict. */
export interface EvalFinding {
  repository: string;
  commit: string;
  file: string;
  line: number;
  rule: string;
  severity: string;
  message: string;
  /** The source line, trimmed: what a reader judges at a glance. */
  text: string;
}

export const keyOf = (v: { repository: string; file: string; line: number; rule: string }): string => `${v.repository}\0${v.file}\0${v.line}\0${v.rule}`;

/** Reads a verdicts file, naming the entry that is broken and what it lacks. */
export function readVerdicts(path: string): Verdict[] {
  const data: unknown = JSON.parse(readFileSync(path, 'utf8'));
  if (!Array.isArray(data)) throw new Error(`${path} must hold a JSON array of verdicts`);
  data.forEach((v, i) => {
    const ok = v && typeof v.repository === 'string' && typeof v.file === 'string' && Number.isInteger(v.line) && typeof v.rule === 'string' && ['true', 'false', 'miss'].includes(v.verdict) && typeof v.reason === 'string';
    if (!ok) throw new Error(`${path}: entry ${i} needs repository, commit, file, line (integer), rule, verdict ("true", "false" or "miss") and reason; got ${JSON.stringify(v)}`);
  });
  return data as Verdict[];
}

export interface RuleScore {
  rule: string;
  severity: string;
  findings: number;
  true: number;
  false: number;
  unjudged: number;
}

/** Per rule: how many findings, how many judged real or false; plus the recorded misses still not reported. */
export function score(findings: EvalFinding[], verdicts: Verdict[]): { rules: RuleScore[]; unjudged: EvalFinding[]; missed: Verdict[] } {
  const byKey = new Map(verdicts.map((v) => [keyOf(v), v]));
  const rules = new Map<string, RuleScore>();
  const unjudged: EvalFinding[] = [];
  const found = new Set<string>();
  for (const f of findings) {
    const s = rules.get(f.rule) ?? { rule: f.rule, severity: f.severity, findings: 0, true: 0, false: 0, unjudged: 0 };
    rules.set(f.rule, s);
    s.findings++;
    const v = byKey.get(keyOf(f));
    found.add(keyOf(f));
    if (v?.verdict === 'false') s.false++;
    else if (v) s.true++;
    else {
      s.unjudged++;
      unjudged.push(f);
    }
  }
  const missed = verdicts.filter((v) => v.verdict === 'miss' && !found.has(keyOf(v)));
  return { rules: [...rules.values()].sort((a, b) => a.rule.localeCompare(b.rule)), unjudged, missed };
}

export function precision(t: number, f: number): string {
  return t + f === 0 ? '-' : `${((100 * t) / (t + f)).toFixed(1)}%`;
}
