import ts from 'typescript';
import type { Finding, Span } from '../diagnostic';
import type { LintWorkspace } from '../workspace';
import { uncloneableFinding } from '../written-values';
import { TypeProgram } from './program';
import { uncloneableType } from './uncloneable-types';

/**
 * The second, type-aware phase of `port-uncloneable-write`: for the written values the syntax pass could not
 * classify (a call into another file, an imported name, a parameter), asks the TypeScript checker. It builds its
 * program only when some file has such a value, and stores its findings in the workspace, which shows them with
 * the others for as long as the file's text is the one checked.
 */
export class TypeAwarePass {
  private types: TypeProgram | undefined;

  constructor(private readonly ws: LintWorkspace) {}

  /**
   * Checks the files (all by default), yielding to the event loop between files; stops early once `cancelled()`.
   * `checked` hears each file's findings as they are stored.
   */
  async run(files: string[] = this.ws.fileNames(), cancelled: () => boolean = () => false, checked?: (file: string, text: string, findings: Finding[]) => void): Promise<'done' | 'cancelled'> {
    for (const file of files) {
      if (cancelled()) return 'cancelled';
      const result = this.check(file);
      if (result) checked?.(file, result.text, result.findings);
      await new Promise((resolve) => setImmediate(resolve));
    }
    return 'done';
  }

  /** Checks one file now, storing its findings in the workspace (and returning them with the text checked). */
  check(file: string): { text: string; findings: Finding[] } | undefined {
    const facts = this.ws.facts(file);
    if (!facts) return undefined;
    const findings: Finding[] = [];
    if (facts.typeCandidates.length) {
      this.types ??= new TypeProgram(this.ws);
      const { program, checker } = this.types.program();
      const source = program.getSourceFile(facts.file);
      for (const span of source ? facts.typeCandidates : []) {
        const node = expressionAt(source!, span);
        const reason = node && uncloneableType(checker.getTypeAtLocation(node), checker, node);
        if (reason) findings.push(uncloneableFinding(span, `${reason} (its type says so)`));
      }
    }
    this.ws.setTypeFindings(facts.file, facts.text, findings);
    return { text: facts.text, findings };
  }

  dispose(): void {
    this.types?.dispose();
    this.types = undefined;
  }
}

/** The outermost expression covering exactly this span. */
function expressionAt(source: ts.SourceFile, span: Span): ts.Expression | undefined {
  let found: ts.Expression | undefined;
  const visit = (node: ts.Node): void => {
    if (found || node.end < span.end || node.pos > span.start) return;
    if (ts.isExpression(node) && node.getStart(source) === span.start && node.end === span.end) found = node;
    else ts.forEachChild(node, visit);
  };
  visit(source);
  return found;
}
