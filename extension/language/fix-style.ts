import ts from 'typescript';

/** How a file writes string literals and ends its statements, by majority (a file with none: double quotes, semicolons). */
export interface CodeStyle {
  quote: '"' | "'";
  semicolons: boolean;
}

export function codeStyleOf(text: string): CodeStyle {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, true, ts.LanguageVariant.Standard, text);
  let single = 0;
  let double = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.StringLiteral) continue;
    if (scanner.getTokenText().startsWith("'")) single++;
    else double++;
  }
  return { quote: single > double ? "'" : '"', semicolons: usesSemicolons(text) };
}

/** Whether most statements that may end in a semicolon do. */
function usesSemicolons(text: string): boolean {
  const source = ts.createSourceFile('style.ts', text, ts.ScriptTarget.Latest, false);
  let ended = 0;
  let bare = 0;
  const visit = (node: ts.Node): void => {
    if (ts.isExpressionStatement(node) || ts.isVariableStatement(node) || ts.isReturnStatement(node) || ts.isImportDeclaration(node) || ts.isThrowStatement(node) || ts.isBreakStatement(node) || ts.isContinueStatement(node)) {
      // A statement's end is right after its last token, the semicolon when it has one.
      if (text.charCodeAt(node.end - 1) === 59) ended++;
      else bare++;
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
  return ended >= bare;
}

/**
 * A fix's new text in the file's style: string literals the fix brings in (not those it keeps from the code it
 * replaces) take the file's quotes, and a statement it ends with a semicolon loses it in a file without them.
 */
export function inFileStyle(newText: string, replaced: string, style: CodeStyle): string {
  const scanner = ts.createScanner(ts.ScriptTarget.Latest, false, ts.LanguageVariant.Standard, newText);
  let out = '';
  let at = 0;
  for (let kind = scanner.scan(); kind !== ts.SyntaxKind.EndOfFileToken; kind = scanner.scan()) {
    if (kind !== ts.SyntaxKind.StringLiteral) continue;
    const raw = scanner.getTokenText();
    if (raw.startsWith(style.quote) || replaced.includes(raw)) continue;
    out += newText.slice(at, scanner.getTokenStart()) + quoted(scanner.getTokenValue(), style.quote);
    at = scanner.getTokenEnd();
  }
  out += newText.slice(at);
  return style.semicolons ? out : out.replace(/;(?=[ \t]*(\r?\n|$))/g, '');
}

function quoted(value: string, quote: '"' | "'"): string {
  const body = JSON.stringify(value).slice(1, -1);
  return quote === '"' ? `"${body}"` : `'${body.replace(/\\"/g, '"').replace(/'/g, "\\'")}'`;
}
