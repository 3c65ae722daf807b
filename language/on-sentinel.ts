import ts from 'typescript';
import { NULL_PORT_DATA } from '../core/engine/constants';
import { unwrap } from './syntax';
import type { Evaluator } from './values';

/** String methods that compute from the string and constant arguments alone, as the sentinel would go through them. */
const PURE_STRING_METHODS = new Set(['startsWith', 'endsWith', 'includes', 'indexOf', 'lastIndexOf', 'split', 'slice', 'substring', 'substr', 'trim', 'trimStart', 'trimEnd', 'toLowerCase', 'toUpperCase', 'charAt', 'at', 'toString', 'padStart', 'padEnd', 'replace', 'replaceAll', 'concat']);

/** Whether `name` is a member every string has (so reading it off the sentinel string is no mistake). */
export function isStringMember(name: string): boolean {
  return name in String.prototype || name === 'length';
}

type Known = string | number | boolean | string[];

/**
 * What `e` evaluates to when the port value it derives from is the empty-port sentinel: the game's string run
 * through the same string operations (`String(v)`, `v.split(" ")[0]`, `v.startsWith("NULL")`). Undefined when `e`
 * is not such a derivation or takes anything else unknown. This is what tells a player's own test of the sentinel.
 */
export function onSentinel(expr: ts.Expression, isValue: (e: ts.Expression) => boolean, evaluator: Evaluator, depth = 0): Known | undefined {
  if (depth > 8) return undefined;
  const e = unwrap(expr);
  if (isValue(e)) return NULL_PORT_DATA;
  const inner = (x: ts.Expression) => onSentinel(x, isValue, evaluator, depth + 1);
  if (ts.isCallExpression(e)) {
    const callee = unwrap(e.expression);
    if (ts.isIdentifier(callee) && callee.text === 'String' && e.arguments.length === 1) {
      const v = inner(e.arguments[0]!);
      return v === undefined ? undefined : String(v);
    }
    if (!ts.isPropertyAccessExpression(callee) || !PURE_STRING_METHODS.has(callee.name.text)) return undefined;
    const target = inner(callee.expression);
    const args = e.arguments.map((a) => evaluator.evaluate(a));
    if (typeof target !== 'string' || args.some((a) => a.kind !== 'string' && a.kind !== 'number')) return undefined;
    const values = args.map((a) => (a as { value: string | number }).value);
    return (String.prototype as unknown as Record<string, (...a: unknown[]) => Known>)[callee.name.text]!.apply(target, values);
  }
  if (ts.isPropertyAccessExpression(e) && e.name.text === 'length') {
    const v = inner(e.expression);
    return typeof v === 'string' || Array.isArray(v) ? v.length : undefined;
  }
  if (ts.isElementAccessExpression(e)) {
    const index = evaluator.evaluate(e.argumentExpression);
    const v = index.kind === 'number' ? inner(e.expression) : undefined;
    return typeof v === 'string' || Array.isArray(v) ? v[(index as { value: number }).value] : undefined;
  }
  if (ts.isTemplateExpression(e) && !e.head.text && e.templateSpans.length === 1 && !e.templateSpans[0]!.literal.text) {
    const v = inner(e.templateSpans[0]!.expression);
    return v === undefined ? undefined : String(v);
  }
  return undefined;
}

/** The value of a comparison `left op right` when the port value is the sentinel, if one side derives from it. */
export function comparisonOnSentinel(e: ts.BinaryExpression, isValue: (e: ts.Expression) => boolean, evaluator: Evaluator): boolean | undefined {
  for (const [side, other] of [[e.left, e.right], [e.right, e.left]] as const) {
    const v = onSentinel(side, isValue, evaluator);
    if (v === undefined || Array.isArray(v)) continue;
    const c = evaluator.evaluate(other);
    if (c.kind !== 'string' && c.kind !== 'number') return undefined;
    switch (e.operatorToken.kind) {
      case ts.SyntaxKind.EqualsEqualsEqualsToken:
        return v === c.value;
      case ts.SyntaxKind.ExclamationEqualsEqualsToken:
        return v !== c.value;
      case ts.SyntaxKind.EqualsEqualsToken:
        return v == c.value;
      case ts.SyntaxKind.ExclamationEqualsToken:
        return v != c.value;
      default: {
        // Orderings (`v.indexOf("x") >= 0`) compare numbers; the side order matters.
        const [a, b] = side === e.left ? [v, c.value] : [c.value, v];
        const op = e.operatorToken.kind;
        if (op === ts.SyntaxKind.GreaterThanToken) return a > b;
        if (op === ts.SyntaxKind.GreaterThanEqualsToken) return a >= b;
        if (op === ts.SyntaxKind.LessThanToken) return a < b;
        if (op === ts.SyntaxKind.LessThanEqualsToken) return a <= b;
        return undefined;
      }
    }
  }
  return undefined;
}
