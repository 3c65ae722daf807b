import { applyEdits, LintWorkspace, type LintDiagnostic, type RuleSettings } from '../../../language';

export const ROOT = '/ws';

/** Wraps a body in a script's main unless it is a whole module already. */
export function script(body: string): string {
  return /^\s*(import|export)\b/.test(body) ? body : `export async function main(ns) {\n${body}\n}\n`;
}

/** A workspace of in-memory files under /ws (paths relative to it). */
export function workspace(files: Record<string, string>, rules: RuleSettings = {}): LintWorkspace {
  const ws = new LintWorkspace({ root: ROOT, rules });
  for (const [name, text] of Object.entries(files)) ws.update(`${ROOT}/${name}`, text);
  return ws;
}

export function lintOne(body: string, rules: RuleSettings = {}): { ws: LintWorkspace; text: string; diagnostics: LintDiagnostic[] } {
  const text = script(body);
  // A snippet typed `ns: NS` is a player's .ts script.
  const ws = workspace({ [text.includes('ns: NS') ? 'main.ts' : 'main.js']: text }, rules);
  return { ws, text, diagnostics: ws.diagnostics() };
}

/** The text a diagnostic covers. */
export function covered(text: string, d: LintDiagnostic): string {
  return text.slice(d.start, d.end);
}

/** The file's text after the diagnostic's first quick fix. */
export function fixed(text: string, d: LintDiagnostic): string {
  const fix = d.fixes[0];
  if (!fix) throw new Error(`${d.rule} offers no fix`);
  return applyEdits(text, fix.edits);
}
