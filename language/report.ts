import { relative } from 'node:path';
import type { LintDiagnostic } from './diagnostic';
import { RULES, RULE_IDS, ruleDocPath } from './rules';
import type { LintWorkspace } from './workspace';

/** A finding as `bbports lint --format json` prints it: 1-based lines and columns. */
export interface LintRecord {
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  rule: string;
  severity: string;
  message: string;
}

export function toRecords(ws: LintWorkspace, diagnostics: LintDiagnostic[], base: string): LintRecord[] {
  return diagnostics.map((d) => {
    const start = ws.position(d.file, d.start);
    const end = ws.position(d.file, d.end);
    return { file: relative(base, d.file) || d.file, line: start.line + 1, column: start.character + 1, endLine: end.line + 1, endColumn: end.character + 1, rule: d.rule, severity: d.severity, message: d.message };
  });
}

export function formatText(records: LintRecord[]): string[] {
  const lines = records.map((r) => `${r.file}:${r.line}:${r.column}  ${r.severity}  ${r.message}  [${r.rule}]`);
  const count = (s: string) => records.filter((r) => r.severity === s).length;
  lines.push(`${records.length} finding(s): ${count('error')} error(s), ${count('warning')} warning(s), ${count('info') + count('hint')} other(s)`);
  return lines;
}

const SARIF_LEVEL: Record<string, string> = { error: 'error', warning: 'warning', info: 'note', hint: 'note' };

/** SARIF 2.1.0, for code-scanning uploads. */
export function formatSarif(records: LintRecord[]): object {
  return {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'bbports lint',
            rules: RULE_IDS.map((id) => ({ id, shortDescription: { text: RULES[id].summary }, help: { text: `${RULES[id].summary} See ${ruleDocPath(id)} in the Bitburner Ports package.` }, defaultConfiguration: { level: SARIF_LEVEL[RULES[id].severity] } })),
          },
        },
        results: records.map((r) => ({
          ruleId: r.rule,
          level: SARIF_LEVEL[r.severity],
          message: { text: r.message },
          locations: [{ physicalLocation: { artifactLocation: { uri: r.file.split('\\').join('/') }, region: { startLine: r.line, startColumn: r.column, endLine: r.endLine, endColumn: r.endColumn } } }],
        })),
      },
    ],
  };
}
