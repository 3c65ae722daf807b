import ts from 'typescript';
import { isConstDeclaration, unwrap, type Scopes } from './syntax';

/**
 * A compile-time value as far as this linter can tell: a number, a string, an object of constants (an object
 * literal or an enum), a reference into another module (resolved by the workspace), or unknown. Unknown is never
 * guessed at.
 */
export type Value =
  | { kind: 'number'; value: number }
  | { kind: 'string'; value: string }
  | { kind: 'object'; props: Map<string, Value> }
  | { kind: 'import'; module: string; name: string; path: string[] }
  | { kind: 'arithmetic'; op: '+' | '-' | '*'; left: Value; right: Value }
  | { kind: 'unknown' };

export const UNKNOWN: Value = { kind: 'unknown' };
const MAX_DEPTH = 12;

/** Evaluates constant expressions within one file. */
export class Evaluator {
  /** Results by expression: the checks ask again and again about the same port expressions. */
  private readonly known = new Map<ts.Expression, Value>();

  constructor(private readonly scopes: Scopes) {}

  evaluate(expr: ts.Expression, depth = 0): Value {
    if (depth > 0) return this.compute(expr, depth);
    let value = this.known.get(expr);
    if (!value) {
      value = this.compute(expr, 0);
      this.known.set(expr, value);
    }
    return value;
  }

  private compute(expr: ts.Expression, depth: number): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    const e = unwrap(expr);
    if (ts.isNumericLiteral(e)) return { kind: 'number', value: Number(e.text) };
    if (ts.isStringLiteral(e) || ts.isNoSubstitutionTemplateLiteral(e)) return { kind: 'string', value: e.text };
    if (ts.isPrefixUnaryExpression(e) && (e.operator === ts.SyntaxKind.MinusToken || e.operator === ts.SyntaxKind.PlusToken)) {
      const v = this.evaluate(e.operand, depth + 1);
      return v.kind === 'number' ? { kind: 'number', value: e.operator === ts.SyntaxKind.MinusToken ? -v.value : v.value } : UNKNOWN;
    }
    if (ts.isBinaryExpression(e)) return this.arithmetic(e, depth);
    if (ts.isIdentifier(e)) return this.identifier(e, depth);
    if (ts.isPropertyAccessExpression(e)) return member(this.evaluate(e.expression, depth + 1), e.name.text);
    if (ts.isElementAccessExpression(e)) {
      const key = this.evaluate(e.argumentExpression, depth + 1);
      return key.kind === 'string' || key.kind === 'number' ? member(this.evaluate(e.expression, depth + 1), String(key.value)) : UNKNOWN;
    }
    if (ts.isObjectLiteralExpression(e)) return this.object(e, depth);
    return UNKNOWN;
  }

  /** The value of an enum: members in order, numbers counting on from the last one. */
  enumValue(decl: ts.EnumDeclaration, depth = 0): Value {
    const props = new Map<string, Value>();
    let next: number | undefined = 0;
    for (const m of decl.members) {
      const value: Value = m.initializer ? this.evaluate(m.initializer, depth + 1) : next === undefined ? UNKNOWN : { kind: 'number', value: next };
      next = value.kind === 'number' ? value.value + 1 : undefined;
      props.set(m.name.getText(), value);
    }
    return { kind: 'object', props };
  }

  private identifier(id: ts.Identifier, depth: number): Value {
    const decl = this.scopes.declarationOf(id);
    if (!decl) return UNKNOWN;
    if (ts.isVariableDeclaration(decl)) return decl.initializer && isConstDeclaration(decl) && ts.isIdentifier(decl.name) ? this.evaluate(decl.initializer, depth + 1) : UNKNOWN;
    if (ts.isEnumDeclaration(decl)) return this.enumValue(decl, depth);
    const module = importModule(decl);
    if (module === undefined) return UNKNOWN;
    if (ts.isImportSpecifier(decl)) return { kind: 'import', module, name: (decl.propertyName ?? decl.name).text, path: [] };
    return { kind: 'import', module, name: ts.isNamespaceImport(decl) ? '*' : 'default', path: [] };
  }

  private arithmetic(e: ts.BinaryExpression, depth: number): Value {
    const op = e.operatorToken.kind;
    if (op !== ts.SyntaxKind.PlusToken && op !== ts.SyntaxKind.MinusToken && op !== ts.SyntaxKind.AsteriskToken) return UNKNOWN;
    return arithmetic(op === ts.SyntaxKind.PlusToken ? '+' : op === ts.SyntaxKind.MinusToken ? '-' : '*', this.evaluate(e.left, depth + 1), this.evaluate(e.right, depth + 1));
  }

  private object(e: ts.ObjectLiteralExpression, depth: number): Value {
    const props = new Map<string, Value>();
    for (const p of e.properties) {
      if (ts.isPropertyAssignment(p) && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name) || ts.isNumericLiteral(p.name))) props.set(p.name.text, this.evaluate(p.initializer, depth + 1));
      else if (ts.isShorthandPropertyAssignment(p)) props.set(p.name.text, this.identifier(p.name, depth + 1));
    }
    return { kind: 'object', props };
  }
}

/** Numbers combine now; a side still waiting on an import keeps the sum symbolic for the workspace. */
export function arithmetic(op: '+' | '-' | '*', a: Value, b: Value): Value {
  if (a.kind === 'number' && b.kind === 'number') return { kind: 'number', value: op === '+' ? a.value + b.value : op === '-' ? a.value - b.value : a.value * b.value };
  const pending = (v: Value) => v.kind === 'number' || v.kind === 'import' || v.kind === 'arithmetic';
  return pending(a) && pending(b) ? { kind: 'arithmetic', op, left: a, right: b } : UNKNOWN;
}

/** A property of a value; of an import, a longer path for the workspace to follow. */
export function member(v: Value, name: string): Value {
  if (v.kind === 'object') return v.props.get(name) ?? UNKNOWN;
  if (v.kind === 'import') return { ...v, path: [...v.path, name] };
  return UNKNOWN;
}

function importModule(decl: ts.Node): string | undefined {
  for (let n: ts.Node | undefined = decl; n; n = n.parent) {
    if (ts.isImportDeclaration(n)) return ts.isStringLiteral(n.moduleSpecifier) ? n.moduleSpecifier.text : undefined;
  }
  return undefined;
}

/** The value a file exports under each name (`export const`, `export enum`, `export { a as b }`, re-exports). */
export function exportsOf(file: ts.SourceFile, evaluator: Evaluator): Map<string, Value> {
  const out = new Map<string, Value>();
  const exported = (s: ts.Statement) => ts.canHaveModifiers(s) && !!ts.getModifiers(s)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
  for (const s of file.statements) {
    if (ts.isVariableStatement(s) && exported(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name)) out.set(d.name.text, d.initializer && isConstDeclaration(d) ? evaluator.evaluate(d.initializer) : UNKNOWN);
    } else if (ts.isEnumDeclaration(s) && exported(s)) out.set(s.name.text, evaluator.enumValue(s));
    else if (ts.isExportAssignment(s) && !s.isExportEquals) out.set('default', evaluator.evaluate(s.expression));
    else if (ts.isExportDeclaration(s) && s.exportClause && ts.isNamedExports(s.exportClause)) {
      const from = s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier) ? s.moduleSpecifier.text : undefined;
      for (const spec of s.exportClause.elements) {
        const local = spec.propertyName ?? spec.name;
        out.set(spec.name.text, from !== undefined ? { kind: 'import', module: from, name: local.text, path: [] } : ts.isIdentifier(local) ? evaluator.evaluate(local) : UNKNOWN);
      }
    }
  }
  return out;
}

/** The names of top-level numeric constants, with their values: `const CMD = 1`, `{ CMD: 1 }` members, enum members. */
export function numericConstants(file: ts.SourceFile, evaluator: Evaluator): { start: number; end: number; value: number }[] {
  const out: { start: number; end: number; value: number }[] = [];
  const add = (name: ts.Node, v: Value | undefined) => v?.kind === 'number' && out.push({ start: name.getStart(file), end: name.end, value: v.value });
  const addObject = (name: ts.Node, init: ts.Expression) => {
    const e = unwrap(init);
    const v = evaluator.evaluate(e);
    if (v.kind === 'number') add(name, v);
    else if (v.kind === 'object' && ts.isObjectLiteralExpression(e)) {
      for (const p of e.properties) if (ts.isPropertyAssignment(p) && !ts.isComputedPropertyName(p.name)) add(p.name, v.props.get(p.name.text));
    }
  };
  for (const s of file.statements) {
    if (ts.isVariableStatement(s)) {
      for (const d of s.declarationList.declarations) if (ts.isIdentifier(d.name) && d.initializer && isConstDeclaration(d)) addObject(d.name, d.initializer);
    } else if (ts.isEnumDeclaration(s)) {
      const v = evaluator.enumValue(s);
      if (v.kind === 'object') for (const m of s.members) add(m.name, v.props.get(m.name.getText(file)));
    }
  }
  return out;
}
