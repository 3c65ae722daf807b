import ts from 'typescript';
import { NULL_PORT_DATA } from '../core/engine/constants';
import { comparisonOnSentinel, onSentinel } from './on-sentinel';
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
  /** Whether a branch gives the subject a real value again (a variable assigned anew, a port written). */
  refills?(branch: ts.Statement): boolean;
  /**
   * Words one of which a condition's text holds if it can say anything about the subject (its variable's name, the
   * check methods), with the file's text: other conditions are passed over without a look at their tree.
   */
  mentions?: { text: string; words: readonly string[] };
}

function mentioned(cond: ts.Node, s: Subject): boolean {
  if (!s.mentions) return true;
  const text = s.mentions.text.slice(cond.pos, cond.end);
  return s.mentions.words.some((w) => text.includes(w));
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
  if (!ts.isBinaryExpression(e)) return onSentinelNarrowing(onSentinel(e, s.isValue, evaluator));
  const op = e.operatorToken.kind;
  if (op === ts.SyntaxKind.AmpersandAmpersandToken || op === ts.SyntaxKind.BarBarToken) {
    const a = narrows(e.left, s, evaluator);
    const b = narrows(e.right, s, evaluator);
    return op === ts.SyntaxKind.AmpersandAmpersandToken ? { ifTrue: both(a.ifTrue, b.ifTrue), ifFalse: either(a.ifFalse, b.ifFalse) } : { ifTrue: either(a.ifTrue, b.ifTrue), ifFalse: both(a.ifFalse, b.ifFalse) };
  }
  if ((op === ts.SyntaxKind.InstanceOfKeyword && s.isValue(e.left)) || (op === ts.SyntaxKind.InKeyword && s.isValue(e.right))) return ONLY_IF_TRUE;
  if (!EQ.has(op) && !NE.has(op)) return onSentinelNarrowing(comparisonOnSentinel(e, s.isValue, evaluator));
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
      const kind = sentinelKind(other, evaluator);
      // …and they are undefined: `v[key] != null` holds only for a real message too.
      return kind === 'other' ? sign(ONLY_IF_TRUE) : kind === 'nullish' && isNullOrUndefined(other) ? sign(ONLY_IF_FALSE) : NOTHING;
    }
    if (s.isValue(u)) return sign(sentinelKind(other, evaluator) === 'other' ? ONLY_IF_TRUE : IS_EMPTY);
  }
  return onSentinelNarrowing(comparisonOnSentinel(e, s.isValue, evaluator));
}

/**
 * A test whose outcome on the sentinel is known (`v.startsWith("NULL")`, `String(v) == "NULL PORT DATA"`,
 * `v.split(" ")[0] === "go"`): the other outcome proves a real message.
 */
function onSentinelNarrowing(value: unknown): Narrowing {
  if (value === undefined || Array.isArray(value)) return NOTHING;
  return value ? ONLY_IF_FALSE : ONLY_IF_TRUE;
}

/** A condition that holds (sense true) or fails (sense false) wherever the code after `end` runs. */
export interface Guard {
  cond: ts.Expression;
  sense: boolean;
  /** Where the condition was last evaluated before the guarded code. */
  end: number;
  /** For a switch: the case values `cond` equals one of (sense true) or none of (sense false). */
  cases?: ts.Expression[];
  /** The branch taken when the guard fails; it counts only if it refills the subject (`v = ""`, a write). */
  unless?: ts.Statement;
}

/** Whether a switch clause's statements leave the function or loop (return, throw, continue) before any break. */
function clauseLeaves(statements: readonly ts.Statement[]): boolean {
  for (const st of statements) {
    if (ts.isBreakStatement(st)) return false;
    if (exitsAlways(st)) return true;
    if (ts.isBlock(st)) return clauseLeaves(st.statements);
  }
  return false;
}

/** The values a clause is reached with: its own and those of the empty clauses that fall into it. */
function caseValues(clause: ts.CaseClause): ts.Expression[] {
  const clauses = clause.parent.clauses;
  const out = [clause.expression];
  for (let i = clauses.indexOf(clause) - 1; i >= 0; i--) {
    const c = clauses[i]!;
    if (!ts.isCaseClause(c) || c.statements.length) break;
    out.push(c.expression);
  }
  return out;
}

const allCases = (s: ts.SwitchStatement): ts.Expression[] => s.caseBlock.clauses.filter(ts.isCaseClause).map((c) => c.expression);

/** Guards from a switch the node is inside (`child` is its clause). */
function switchGuard(s: ts.SwitchStatement, clause: ts.CaseOrDefaultClause): Guard {
  const end = s.expression.end;
  return ts.isCaseClause(clause) ? { cond: s.expression, sense: true, end, cases: caseValues(clause) } : { cond: s.expression, sense: false, end, cases: allCases(s) };
}

/** Guards from an earlier statement that leaves (or refills the subject) unless a condition holds. */
function* earlierStatementGuards(s: ts.Statement): Generator<Guard> {
  if (ts.isIfStatement(s)) {
    yield exitsAlways(s.thenStatement) ? { cond: s.expression, sense: false, end: s.end } : { cond: s.expression, sense: false, end: s.end, unless: s.thenStatement };
    if (s.elseStatement) yield exitsAlways(s.elseStatement) ? { cond: s.expression, sense: true, end: s.end } : { cond: s.expression, sense: true, end: s.end, unless: s.elseStatement };
  } else if (ts.isWhileStatement(s) && !hasBreak(s)) yield { cond: s.expression, sense: false, end: s.end };
  else if (ts.isSwitchStatement(s)) {
    // `switch (words[0]) { case "NULL": return; … }`: past the switch, the value matched none of the leaving cases.
    for (const c of s.caseBlock.clauses) {
      if (!clauseLeaves(c.statements)) continue;
      yield ts.isCaseClause(c) ? { cond: s.expression, sense: false, end: s.end, cases: caseValues(c) } : { cond: s.expression, sense: true, end: s.end, cases: allCases(s) };
    }
  }
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
        if (stopAt !== undefined && s.pos <= stopAt && stopAt < s.end) {
          // `while (v === "NULL PORT DATA") { await …; v = port.read(); }` tests the value it defined on the way out.
          if (ts.isWhileStatement(s) && !hasBreak(s)) yield { cond: s.expression, sense: false, end: s.end };
          return;
        }
        yield* earlierStatementGuards(s);
      }
    }
    if (ts.isCaseBlock(parent) && (ts.isCaseClause(child) || ts.isDefaultClause(child))) yield switchGuard(parent.parent, child);
  }
}

/** Whether a guard proves the subject holds a real message. */
export function proves(guard: Guard, s: Subject, evaluator: Evaluator): boolean {
  if (!mentioned(guard.cond, s)) return false;
  if (guard.cases) return casesProve(guard.cond, guard.cases, guard.sense, s, evaluator);
  if (guard.unless && !s.refills?.(guard.unless)) return false;
  const n = narrows(guard.cond, s, evaluator);
  return (guard.sense ? n.ifTrue : n.ifFalse) === 'nonEmpty';
}

/** Whether `expr` being one of `cases` (or none of them, sense false) rules out the sentinel. */
function casesProve(expr: ts.Expression, cases: ts.Expression[], sense: boolean, s: Subject, evaluator: Evaluator): boolean {
  const onEmpty = onSentinel(expr, s.isValue, evaluator);
  if (onEmpty === undefined || Array.isArray(onEmpty)) return false;
  const values = cases.map((c) => evaluator.evaluate(c));
  const matches = values.some((v) => (v.kind === 'string' || v.kind === 'number') && v.value === onEmpty);
  return sense ? !matches && values.every((v) => v.kind === 'string' || v.kind === 'number') : matches;
}

function isNullOrUndefined(e: ts.Expression): boolean {
  const u = unwrap(e);
  return u.kind === ts.SyntaxKind.NullKeyword || (ts.isIdentifier(u) && u.text === 'undefined');
}
