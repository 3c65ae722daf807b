import * as vscode from 'vscode';
import type { LintWorkspace } from '../../language';
import { rangeOf, SOURCE, type FixStore } from './diagnostics';
import { codeStyleOf, inFileStyle, type CodeStyle } from './fix-style';

/** Quick fixes for this linter's diagnostics only (filtered by source and rule code), plus a suppression comment. */
export class LintActions implements vscode.CodeActionProvider {
  static readonly metadata: vscode.CodeActionProviderMetadata = { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] };

  private readonly styles = new WeakMap<vscode.TextDocument, { version: number; style: CodeStyle }>();

  constructor(
    private readonly fixes: FixStore,
    private readonly workspace: () => LintWorkspace | undefined,
  ) {}

  provideCodeActions(doc: vscode.TextDocument, _range: vscode.Range, context: vscode.CodeActionContext): vscode.CodeAction[] {
    const ws = this.workspace();
    // Fixes are offsets into the text last linted; while an edit waits for its debounced lint they would be stale.
    if (!ws || ws.facts(doc.fileName)?.text !== doc.getText()) return [];
    const actions: vscode.CodeAction[] = [];
    for (const diagnostic of context.diagnostics) {
      if (diagnostic.source !== SOURCE) continue;
      const stored = this.fixes.get(diagnostic);
      if (!stored) continue;
      stored.fixes.forEach((fix, i) => {
        const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
        action.edit = new vscode.WorkspaceEdit();
        for (const e of fix.edits) {
          const range = rangeOf(ws, doc.fileName, e.start, e.end);
          action.edit.replace(doc.uri, range, inFileStyle(e.newText, doc.getText(range), this.styleOf(doc)));
        }
        action.diagnostics = [diagnostic];
        action.isPreferred = i === 0;
        actions.push(action);
      });
      const line = doc.lineAt(diagnostic.range.start.line);
      const suppress = new vscode.CodeAction(`Suppress ${stored.rule} on this line`, vscode.CodeActionKind.QuickFix);
      suppress.edit = new vscode.WorkspaceEdit();
      suppress.edit.insert(doc.uri, line.range.start, `${line.text.slice(0, line.firstNonWhitespaceCharacterIndex)}// bbports-disable-next-line ${stored.rule}\n`);
      suppress.diagnostics = [diagnostic];
      actions.push(suppress);
    }
    return actions;
  }

  /** The document's quote and semicolon style, worked out once per version. */
  private styleOf(doc: vscode.TextDocument): CodeStyle {
    const known = this.styles.get(doc);
    if (known?.version === doc.version) return known.style;
    const style = codeStyleOf(doc.getText());
    this.styles.set(doc, { version: doc.version, style });
    return style;
  }
}
