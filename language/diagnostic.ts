import type { RuleId, Severity } from './rules';

/** A stretch of a file's text, by character offsets. */
export interface Span {
  start: number;
  end: number;
}

/** A replacement in a file's text, by character offsets. */
export interface TextEdit {
  start: number;
  end: number;
  newText: string;
}

export interface Fix {
  title: string;
  edits: TextEdit[];
}

export interface Related {
  file: string;
  start: number;
  end: number;
  message: string;
}

/** One finding, by character offsets into its file's text (the editor and the CLI turn them into positions). */
export interface LintDiagnostic {
  file: string;
  rule: RuleId;
  severity: Severity;
  message: string;
  start: number;
  end: number;
  fixes: Fix[];
  related: Related[];
}

/** A finding before the settings give it a severity. */
export type Finding = Omit<LintDiagnostic, 'severity' | 'file' | 'fixes' | 'related'> & Partial<Pick<LintDiagnostic, 'fixes' | 'related'>>;
