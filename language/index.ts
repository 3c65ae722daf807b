// The port linter: plain TypeScript, no vscode. The extension loads it (dist/language.js) on first need, so the
// TypeScript compiler never weighs on activation; `bbports lint` uses it directly.
import { isTypeWorker, serveTypeWorker } from './type-aware/worker';

export type { Fix, LintDiagnostic, Related, TextEdit } from './diagnostic';
export { applyEdits } from './edits';
export { loadWorkspace, scriptFilesUnder } from './files';
export { RULE_IDS, RULES, isRuleId, parseRuleSettings, ruleDocPath, type RuleId, type RuleSettings, type Severity } from './rules';
export { LintWorkspace, SCRIPT_EXTENSIONS, type LintOptions } from './workspace';
export { formatSarif, formatText, toRecords } from './report';
export { TypeAwarePass } from './type-aware/pass';
export type { FromTypeWorker, ToTypeWorker, TypeWorkerData } from './type-aware/worker';

// The same bundle runs the type-aware worker thread (extension/language/type-worker.ts starts it), so the
// compiler is shipped once.
if (isTypeWorker()) serveTypeWorker();
