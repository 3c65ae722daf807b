import ts from 'typescript';
import { NULL_PORT_DATA } from '../core/engine/constants';
import { exitsAlways, isFunctionLike, unwrap } from './syntax';
import type { Evaluator } from './values';

/** What a condition says about a port value: that it is not the empty sentinel, or that it is, or nothing. */
export type Fact = 'nonEmpty' | 'empty' | undefined;

/** What a condition says when it holds, and when it does not. */
export interface Narrowing {
  ifTrue: Fact;
  ifFalse: Fact;
}

const NOTHING: Narrowing = { ifTrue: undefined, ifFalse: undefined };
const IS_EMPTY: Narrowing = { ifTrue: 'empty', ifFalse: 'nonEmpty' };
const IS_REAL: Narrowing = { ifTrue: 'nonEmpty', ifFalse: 'empty' };
const ONLY_IF_TRUE: Narrowing = { ifTrue: 'nonEmpty', ifFalse: undefined };
const ONLY_IF_FALSE: Narrowing = { ifTrue: undefined, ifFalse: 'nonEmpty' };

/** The thing a guard may be about: a port value (a variable, or a peek call), and the port's empty() call. */
export interface Subject {
  isValue(e: ts.Expression): boolean;
  isEmptyCall(e: ts.Expression): boolean;
}

/** How an expression compares with the sentinel: exactly it, a near miss, null-ish, something else, or unknown. */
export type SentinelKind = 'sentinel' | 'typo' | 'nullish' | 'other' | 'unknown';

export function isSentinelTypo(s: string): boolean {
  if (s === NULL_PORT_DATA) return false;
  const letters = s.toUpperCase().replace(/[^A-Z]/g, '');
  return letters === 'NULLPORTDATA' || (Math.abs(s.length - NULL_PORT_DATA.length) <= 2 && editDistance(s.toUpperCase(), NULL_PORT_DATA) <= 2);
}

function editDistance(a: string, b: string): number {
  let prev = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const row = [i];
    for (let j = 1; j <= b.length; j++) row[j] = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1));
    prev = row;
  }
  return prev[b.length]!;
}

export function sentinelKind(expr: ts.Expression, evaluator: Evaluator): SentinelKind {
  const e = unwrap(expr);
  if (e.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(e) && e.text === 'undefined') || ts.isVoidExpression(e)) return 'nullish';
  if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || ts.isObjectLiteralExpression(e) || ts.isArrayLiteralExpression(e)) return 'other';
  const v = evaluator.evaluate(e);
  if (v.kind === 'string') return v.value === NULL_PORT_DATA ? 'sentinel' : v.value === '' ? 'nullish' : isSentinelTypo(v.value) ? 'typo' : 'other';
  if (v.kind === 'number') return 'other';
  return 'unknown';
}

const EQ = new Set([ts.SyntaxKind.EqualsEqualsEqualsToken, ts.SyntaxKind.EqualsEqualsToken]);
const NE = new Set([ts.SyntaxKind.ExclamationEqualsEqualsToken, ts.SyntaxKind.ExclamationEqualsToken]);

export function isEquality(e: ts.Node): e is ts.BinaryExpression {
  return ts.isBinaryExpression(e) && (EQ.has(e.operatorToken.kind) || NE.has(e.operatorToken.kind));
}

const not = (n: Narrowing): Narrowing => ({ ifTrue: n.ifFalse, ifFalse: n.ifTrue });
/** What holds on a branch reached when both (or either) of two facts hold. */
const both = (a: Fact, b: Fact): Fact => (a === 'nonEmpty' || b === 'nonEmpty' ? 'nonEmpty' : (a ?? b));
const either = (a: Fact, b: Fact): Fact => (a === b ? a : undefined);

/**
 * What `cond` proves about the subject when it holds and when it fails. A comparison with an unknown value counts
 * as a check (never cry wolf); so do the wrong checks other rules report (null compares, truthiness), so one mistake
 * gives one finding.
 */
export function narrows(cond: ts.Expression, s: Subject, evaluator: Evaluator): Narrowing {
  const e = unwrap(cond);
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) return not(narrows(e.operand, s, evaluator));
  if (s.isValue(e)) return IS_REAL;
  if (s.isEmptyCall(e)) return IS_EMPTY;
  if (ts.isCallExpression(e) && e.expression.getText() === 'Array.isArray' && e.arguments[0] && s.isValue(e.arguments[0])) return ONLY_IF_TRUE;
  if (!ts.isBinaryExpression(e)) return NOTHING;
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
    const a = narrows(e.left, s, evaluator);
    const b = narrows(e.right, s, evaluator);
    return op === ts.SyntaxKind.AmpersandAmpersandToken ? { ifTrue: both(a.ifTrue, b.ifTrue), ifFalse: either(a.ifFalse, b.ifFalse) } : { ifTrue: either(a.ifTrue, b.ifTrue), ifFalse: both(a.ifFalse, b.ifFalse) };
  }
  if ((op === ts.SyntaxKind.InstanceOfKeyword && s.isValue(e.left)) || (op === ts.SyntaxKind.InKeyword && s.isValue(e.right))) return ONLY_IF_TRUE;
  if (!EQ.has(op) && !NE.has(op)) return NOTHING;
  const sign = (n: Narrowing) => (EQ.has(op) ? n : not(n));
  for (const [side, other] of [[e.left, e.right], [e.right, e.left]] as const) {
    const u = unwrap(side);
    if (ts.isTypeOfExpression(u) && s.isValue(u.expression)) {
      const t = evaluator.evaluate(other);
      if (t.kind !== 'string') return NOTHING;
      // The sentinel is a string: any other type proves a real message; a string proves nothing either way.
      return sign(t.value === 'undefined' ? IS_EMPTY : t.value === 'string' ? ONLY_IF_FALSE : ONLY_IF_TRUE);
    }
    if ((ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) && s.isValue(u.expression)) {
      // The sentinel's properties are undefined: `v.type === 'x'` can only hold for a real message.
      return sentinelKind(other, evaluator) === 'other' ? sign(ONLY_IF_TRUE) : NOTHING;
    }
    if (s.isValue(u)) return sign(sentinelKind(other, evaluator) === 'other' ? ONLY_IF_TRUE : IS_EMPTY);
  }
  return NOTHING;
}

/** A condition that holds (sense true) or fails (sense false) wherever the code after `end` runs. */
export interface Guard {
  cond: ts.Expression;
  sense: boolean;
  /** Where the condition was last evaluated before the guarded code. */
  end: number;
}

function isStatementList(n: ts.Node): n is ts.Block | ts.SourceFile | ts.CaseClause | ts.DefaultClause | ts.ModuleBlock {
  return ts.isBlock(n) || ts.isSourceFile(n) || ts.isCaseClause(n) || ts.isDefaultClause(n) || ts.isModuleBlock(n);
}

function hasBreak(loop: ts.Node): boolean {
  let found = false;
  const walk = (n: ts.Node): void => {
    if (found || isFunctionLike(n) || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n)) return;
    if (ts.isBreakStatement(n) || ts.isReturnStatement(n) || ts.isThrowStatement(n)) found = true;
    else ts.forEachChild(n, walk);
  };
  ts.forEachChild(loop, walk);
  return found;
}

/**
 * The conditions that guard `node`, innermost first, within its function: enclosing if/while/?:/&&/||, and earlier
 * statements that leave when a condition holds (`if (c) return;`, `while (c) {…}` without a break). The walk stops
 * at the statement holding `stopAt` (the value's definition): guards before it say nothing about it.
 */
export function* guardsOf(node: ts.Node, stopAt?: number): Generator<Guard> {
  let child = node;
  for (let parent = node.parent; parent && !isFunctionLike(child); child = parent, parent = parent.parent) {
    if (ts.isIfStatement(parent) && child !== parent.expression) yield { cond: parent.expression, sense: child === parent.thenStatement, end: parent.expression.end };
    else if ((ts.isWhileStatement(parent) || ts.isForStatement(parent)) && child === parent.statement) {
      const cond = ts.isWhileStatement(parent) ? parent.expression : parent.condition;
      if (cond) yield { cond, sense: true, end: cond.end };
    } else if (ts.isConditionalExpression(parent) && child !== parent.condition) yield { cond: parent.condition, sense: child === parent.whenTrue, end: parent.condition.end };
    else if (ts.isBinaryExpression(parent) && child === parent.right) {
      const op = parent.operatorToken.kind;
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) yield { cond: parent.left, sense: true, end: parent.left.end };
      else if (op === ts.SyntaxKind.BarBarToken) yield { cond: parent.left, sense: false, end: parent.left.end };
    } else if (isStatementList(parent)) {
      const statements = parent.statements as readonly ts.Statement[];
      for (let i = statements.indexOf(child as ts.Statement) - 1; i >= 0; i--) {
        const s = statements[i]!;
        if (stopAt !== undefined && s.pos <= stopAt && stopAt < s.end) return;
        if (ts.isIfStatement(s)) {
          if (exitsAlways(s.thenStatement)) yield { cond: s.expression, sense: false, end: s.end };
          if (s.elseStatement && exitsAlways(s.elseStatement)) yield { cond: s.expression, sense: true, end: s.end };
        } else if (ts.isWhileStatement(s) && !hasBreak(s)) yield { cond: s.expression, sense: false, end: s.end };
      }
    }
  }
}

/** Whether a guard proves the subject holds a real message. */
export function proves(guard: Guard, s: Subject, evaluator: Evaluator): boolean {
  const n = narrows(guard.cond, s, evaluator);
  return (guard.sense ? n.ifTrue : n.ifFalse) === 'nonEmpty';
}
