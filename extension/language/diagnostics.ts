import * as vscode from 'vscode';
import type { Fix, LintDiagnostic, LintWorkspace } from '../../language';

export const SOURCE = 'bitburner-ports';

/** Quick fixes by published diagnostic: the code action provider looks them up. */
export type FixStore = WeakMap<vscode.Diagnostic, { rule: string; fixes: Fix[] }>;

const SEVERITY: Record<string, vscode.DiagnosticSeverity> = {
  error: vscode.DiagnosticSeverity.Error,
  warning: vscode.DiagnosticSeverity.Warning,
  info: vscode.DiagnosticSeverity.Information,
  hint: vscode.DiagnosticSeverity.Hint,
};

export function rangeOf(ws: LintWorkspace, file: string, start: number, end: number): vscode.Range {
  const a = ws.position(file, start);
  const b = ws.position(file, end);
  return new vscode.Range(a.line, a.character, b.line, b.character);
}

export function toVscodeDiagnostic(d: LintDiagnostic, ws: LintWorkspace, extensionUri: vscode.Uri, fixes: FixStore): vscode.Diagnostic {
  const diagnostic = new vscode.Diagnostic(rangeOf(ws, d.file, d.start, d.end), d.message, SEVERITY[d.severity]);
  diagnostic.source = SOURCE;
  diagnostic.code = { value: d.rule, target: vscode.Uri.joinPath(extensionUri, 'language', 'docs', 'rules.md').with({ fragment: d.rule }) };
  diagnostic.relatedInformation = d.related.map((r) => new vscode.DiagnosticRelatedInformation(new vscode.Location(vscode.Uri.file(r.file), rangeOf(ws, r.file, r.start, r.end)), r.message));
  fixes.set(diagnostic, { rule: d.rule, fixes: d.fixes });
  return diagnostic;
}
