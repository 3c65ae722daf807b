import ts from 'typescript';
import { NULL_PORT_DATA } from '../core/engine/constants';
import type { Fix } from './diagnostic';
import type { FileContext } from './file-context';
import type { NextWriteRead, TypeTest } from './file-analysis';
import { guardsOf, isEquality, narrows, proves, sentinelKind, type Subject } from './guards';
import { isStringMember } from './on-sentinel';
import type { PortOp } from './port-ops';
import { callsNamed, forEachInFunction, isFunctionLike, referencesTo, unwrap, type Declaration } from './syntax';
import type { Value } from './values';

const SENTINEL = JSON.stringify(NULL_PORT_DATA);
/** Calls that throw on the sentinel string or walk its characters as if it were the message. */
const BREAKS_ON_SENTINEL = new Set(['JSON.parse', 'Object.entries', 'Object.keys', 'Object.values']);
const ARITHMETIC = new Set([ts.SyntaxKind.MinusToken, ts.SyntaxKind.AsteriskToken, ts.SyntaxKind.SlashToken, ts.SyntaxKind.PercentToken, ts.SyntaxKind.AsteriskAsteriskToken, ts.SyntaxKind.MinusEqualsToken, ts.SyntaxKind.AsteriskEqualsToken, ts.SyntaxKind.SlashEqualsToken]);

/** Where a port value came from: the read or peek (for the guards on it), or a helper function that returned one. */
export interface ValueSource {
  op: PortOp | undefined;
  what: string;
}

/**
 * The rules about port values (what read and peek return): how they are tested for emptiness, and whether they
 * are used before anything proves the port held a message.
 */
export class ValueChecks {
  readonly typeTests: TypeTest[] = [];
  readonly nextWriteReads: NextWriteRead[] = [];
  /** Helpers that return a port value (`function next() { return port.read(); }`), by declaration. */
  private readonly returningHelpers = new Map<ts.Node, ValueSource>();
  /** Port values already reported unchecked: one finding per value, at its first unchecked use. */
  private readonly reportedValues = new Set<ts.Node>();

  constructor(private readonly ctx: FileContext) {}

  /** Follows a port value from where it appears: into a variable, a destructuring, or straight into a use. */
  track(expr: ts.Expression, source: ValueSource): void {
    let top = this.ctx.skipParens(expr);
    if (ts.isAwaitExpression(top.parent)) top = this.ctx.skipParens(top.parent);
    const parent = top.parent;
    if (ts.isVariableDeclaration(parent) && parent.initializer === top) {
      if (ts.isIdentifier(parent.name)) this.trackVariable(parent, parent.name.text, source, top.end);
      else this.checkUnguardedUse(top, undefined, source, parent.name, 'destructured');
      return;
    }
    if (ts.isBinaryExpression(parent) && parent.operatorToken.kind === ts.SyntaxKind.EqualsToken && parent.right === top && ts.isIdentifier(parent.left)) {
      const decl = this.ctx.scopes.declarationOf(parent.left);
      if (decl && ts.isVariableDeclaration(decl)) this.trackVariable(decl, parent.left.text, source, top.end);
      return;
    }
    this.checkUse(top, undefined, source);
  }

  /** Checks each use of a variable holding a port value, from `from` (where it got the value) on. */
  private trackVariable(decl: ts.VariableDeclaration, name: string, source: ValueSource, from: number): void {
    const scope = decl.parent.parent.parent ?? this.ctx.source;
    for (const ref of referencesTo(scope, decl as Declaration, name, this.ctx.scopes)) {
      if (ref === decl.name) continue;
      const p = ref.parent;
      if (ts.isBinaryExpression(p) && p.left === ref && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) continue;
      if (ref.getStart(this.ctx.source) < from) continue;
      this.checkUse(ref, decl, source);
    }
  }

  /** Subjects by the variable (or, for a value used in place, by its read): built once, asked at every use. */
  private readonly subjects = new Map<object, Subject>();

  private subjectFor(decl: ts.VariableDeclaration | undefined, source: ValueSource): Subject {
    const key = decl ?? source.op ?? source;
    let subject = this.subjects.get(key);
    if (!subject) {
      subject = this.makeSubject(decl, source);
      this.subjects.set(key, subject);
    }
    return subject;
  }

  private makeSubject(decl: ts.VariableDeclaration | undefined, source: ValueSource): Subject {
    return {
      isValue: (e) => {
        let u = unwrap(e);
        if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.EqualsToken) u = unwrap(u.left);
        if (decl) return ts.isIdentifier(u) && u.text === (decl.name as ts.Identifier).text && this.ctx.scopes.declarationOf(u) === decl;
        return u === source.op?.call;
      },
      isEmptyCall: () => false,
      refills: (branch) => !!decl && assignsTo(branch, decl, this.ctx),
      // The variable by its name; a read tested in place (`if (ns.readPort(1) === …)`) by its method's.
      mentions: { text: this.ctx.source.text, words: decl ? [(decl.name as ts.Identifier).text] : source.op ? [(source.op.call.expression as ts.PropertyAccessExpression).name.text] : [] },
    };
  }

  /** 'checked' when a guard proves the value real, 'nextWrite' when only a preceding await nextWrite() does. */
  private guarded(occurrence: ts.Node, decl: ts.VariableDeclaration | undefined, source: ValueSource): 'checked' | 'nextWrite' | undefined {
    const evaluator = this.ctx.evaluator;
    if (decl) {
      const subject = this.subjectFor(decl, source);
      const stopAt = source.op ? source.op.call.getStart(this.ctx.source) : decl.getStart(this.ctx.source);
      for (const guard of guardsOf(occurrence, stopAt)) if (proves(guard, subject, evaluator)) return 'checked';
    }
    const op = source.op;
    if (!op?.key) return undefined;
    const subject = this.ctx.portSubject(op);
    for (const guard of guardsOf(op.call)) if (proves(guard, subject, evaluator)) return 'checked';
    return this.afterNextWrite(op) ? 'nextWrite' : undefined;
  }

  /** Whether a read comes right after `await port.nextWrite()` on the same port, with no other await between. */
  private afterNextWrite(op: PortOp): boolean {
    const start = this.ctx.actStart(op.call);
    let child: ts.Node = op.call;
    for (let parent = child.parent; parent && !isFunctionLike(child); child = parent, parent = parent.parent) {
      // `while (await port.nextWrite()) { const m = port.read(); … }`: each round starts right after a write.
      if (ts.isWhileStatement(parent) && child === parent.statement && this.isNextWriteAwait(parent.expression, op.key)) return this.ctx.awaitBetween(op.call, parent.expression.end, start) === undefined;
      if (!ts.isBlock(parent) && !ts.isSourceFile(parent)) continue;
      const statements = parent.statements as readonly ts.Statement[];
      for (let i = statements.indexOf(child as ts.Statement) - 1; i >= 0; i--) {
        const s = statements[i]!;
        // `await port.nextWrite();`, or `if (port.empty()) await port.nextWrite();` (full or not, it holds data now).
        const waits = ts.isIfStatement(s) && !s.elseStatement && narrows(s.expression, this.ctx.portSubject(op), this.ctx.evaluator).ifTrue === 'empty' ? s.thenStatement : s;
        if (this.isNextWriteWait(waits, op.key)) return this.ctx.awaitBetween(op.call, s.end, start) === undefined;
        if (this.ctx.awaitBetween(op.call, s.getStart(this.ctx.source), s.end) !== undefined) return false;
      }
    }
    return false;
  }

  /** `await port.nextWrite();` (alone or ending a block) on the port with this key. */
  private isNextWriteWait(s: ts.Statement, key: string | undefined): boolean {
    const last = ts.isBlock(s) ? s.statements[s.statements.length - 1] : s;
    return !!last && ts.isExpressionStatement(last) && this.isNextWriteAwait(last.expression, key);
  }

  /** `await port.nextWrite()` on the port with this key. */
  private isNextWriteAwait(expr: ts.Expression, key: string | undefined): boolean {
    const e = unwrap(expr);
    const awaited = ts.isAwaitExpression(e) ? unwrap(e.expression) : undefined;
    const waited = awaited && ts.isCallExpression(awaited) ? this.ctx.calls.classify(awaited) : undefined;
    return waited?.kind === 'nextWrite' && waited.key === key;
  }

  private checkUse(occurrence: ts.Expression, decl: ts.VariableDeclaration | undefined, source: ValueSource): void {
    const u = this.ctx.skipParens(occurrence);
    const p = u.parent;
    const name = decl ? `"${(decl.name as ts.Identifier).text}"` : `the value of ${source.what}`;
    const portValue = source.op?.port ? this.ctx.evaluator.evaluate(source.op.port) : { kind: 'unknown' as const };
    // Message-type tests feed the workspace rule whatever the guards say.
    if (ts.isPropertyAccessExpression(p) && p.expression === u && p.name.text === 'type') this.noteTypeTests(p, portValue);

    const truthy = this.truthinessTest(u);
    if (truthy) {
      if (truthy.kind !== 'nullish-coalesce' && (this.guarded(u, decl, source) === 'checked' || this.sentinelTestedBeside(u, truthy.node, decl, source))) return;
      this.ctx.report({
        rule: 'port-empty-falsy',
        ...this.ctx.span(truthy.node),
        message:
          truthy.kind === 'nullish-coalesce'
            ? `?? never falls back here: ${name} is never null or undefined. An empty port gives the string "NULL PORT DATA". Compare with it.`
            : `Testing ${name} for truthiness does not detect an empty port: the game returns the string "NULL PORT DATA", which is truthy. Compare with it (or check empty() first).`,
        fixes: truthy.fix ? [truthy.fix] : [],
      });
      return;
    }
    if (isEquality(p) || (ts.isTypeOfExpression(p) && isEquality(this.ctx.skipParens(p).parent))) {
      this.checkComparison(u, decl, source, name);
      return;
    }
    const use = this.unsafeUse(u);
    if (use) this.checkUnguardedUse(u, decl, source, use, 'used');
  }

  /** `v && v !== "NULL PORT DATA"`: the same condition also tests the value against the sentinel, so the truthiness
   * test is only there for other falsy values. */
  private sentinelTestedBeside(u: ts.Expression, test: ts.Node, decl: ts.VariableDeclaration | undefined, source: ValueSource): boolean {
    // From the test itself (`!v` included), up through the `&&`/`||` chain it is part of.
    const start = ts.isExpression(test) ? this.ctx.skipParens(test) : this.ctx.skipParens(u);
    let top: ts.Expression = start;
    while (ts.isBinaryExpression(top.parent) && (top.parent.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || top.parent.operatorToken.kind === ts.SyntaxKind.BarBarToken)) top = this.ctx.skipParens(top.parent);
    const subject = this.subjectFor(decl, source);
    const operands: ts.Expression[] = [];
    const collect = (e: ts.Expression): void => {
      const x = unwrap(e);
      if (ts.isBinaryExpression(x) && (x.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || x.operatorToken.kind === ts.SyntaxKind.BarBarToken)) {
        collect(x.left);
        collect(x.right);
      } else operands.push(x);
    };
    collect(top);
    // A test that holds for the sentinel itself (`v === "NULL PORT DATA"`, `v.startsWith("NULL")`) or says it is gone.
    const truthinessOnly = (o: ts.Expression): boolean => {
      const x = unwrap(o);
      return ts.isPrefixUnaryExpression(x) && x.operator === ts.SyntaxKind.ExclamationToken ? truthinessOnly(x.operand) : subject.isValue(x);
    };
    return operands.some((o) => {
      if (truthinessOnly(o)) return false;
      const n = narrows(o, subject, this.ctx.evaluator);
      return n.ifTrue === 'empty' || n.ifFalse === 'empty' || (n.ifTrue === undefined && n.ifFalse === 'nonEmpty');
    });
  }

  private checkUnguardedUse(occurrence: ts.Expression, decl: ts.VariableDeclaration | undefined, source: ValueSource, at: ts.Node, how: string): void {
    const key = decl ?? occurrence;
    if (this.reportedValues.has(key)) return;
    const state = this.guarded(occurrence, decl, source);
    if (state === 'checked') return;
    const portValue = source.op?.port ? this.ctx.evaluator.evaluate(source.op.port) : { kind: 'unknown' as const };
    const name = decl ? `"${(decl.name as ts.Identifier).text}"` : `The value of ${source.what}`;
    if (state === 'nextWrite') {
      this.nextWriteReads.push({ port: portValue, readStart: source.op!.call.getStart(this.ctx.source), ...this.ctx.span(at) });
      this.reportedValues.add(key);
      return;
    }
    this.reportedValues.add(key);
    this.ctx.report({
      rule: 'port-read-unchecked',
      ...this.ctx.span(at),
      message: `${name} is ${how} here, but nothing checks that the port held anything: an empty port gives the string "NULL PORT DATA". Compare with it first (or guard the read with !port.empty()).`,
    });
  }

  private truthinessTest(u: ts.Expression): { node: ts.Node; kind: 'not' | 'condition' | 'nullish-coalesce'; fix?: Fix } | undefined {
    const p = u.parent;
    const text = u.getText(this.ctx.source);
    if (ts.isPrefixUnaryExpression(p) && p.operator === ts.SyntaxKind.ExclamationToken) {
      if (ts.isPrefixUnaryExpression(p.parent) && p.parent.operator === ts.SyntaxKind.ExclamationToken) return { node: p.parent, kind: 'not', fix: this.ctx.replace(p.parent, `${text} !== ${SENTINEL}`, 'Compare with "NULL PORT DATA"') };
      return { node: p, kind: 'not', fix: this.ctx.replace(p, `${text} === ${SENTINEL}`, 'Compare with "NULL PORT DATA"') };
    }
    const isCondition = ((ts.isIfStatement(p) || ts.isWhileStatement(p) || ts.isDoStatement(p)) && p.expression === u) || (ts.isForStatement(p) && p.condition === u) || (ts.isConditionalExpression(p) && p.condition === u);
    if (isCondition) return { node: u, kind: 'condition', fix: this.ctx.replace(u, `${text} !== ${SENTINEL}`, 'Compare with "NULL PORT DATA"') };
    if (ts.isBinaryExpression(p) && p.left === u) {
      const op = p.operatorToken.kind;
      const fallback = p.right.getText(this.ctx.source);
      if (op === ts.SyntaxKind.AmpersandAmpersandToken) return { node: u, kind: 'condition', fix: this.ctx.replace(u, `${text} !== ${SENTINEL}`, 'Compare with "NULL PORT DATA"') };
      if (op === ts.SyntaxKind.BarBarToken || op === ts.SyntaxKind.QuestionQuestionToken) {
        // The fix names the value twice: only safe for a variable, not for a read that would run twice.
        const fix = ts.isIdentifier(unwrap(u)) ? this.ctx.replace(p, `(${text} === ${SENTINEL} ? ${fallback} : ${text})`, 'Fall back when the port was empty') : undefined;
        return { node: p, kind: op === ts.SyntaxKind.BarBarToken ? 'condition' : 'nullish-coalesce', fix };
      }
    }
    return undefined;
  }

  private checkComparison(u: ts.Expression, decl: ts.VariableDeclaration | undefined, source: ValueSource, name: string): void {
    const typeOf = ts.isTypeOfExpression(u.parent) ? this.ctx.skipParens(u.parent) : undefined;
    const cmp = (typeOf ? typeOf.parent : u.parent) as ts.BinaryExpression;
    const self = typeOf ?? u;
    const other = cmp.left === self ? cmp.right : cmp.left;
    const negated = cmp.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsEqualsToken || cmp.operatorToken.kind === ts.SyntaxKind.ExclamationEqualsToken;
    const sentinelTest = `${u.getText(this.ctx.source)} ${negated ? '!==' : '==='} ${SENTINEL}`;
    if (typeOf) {
      const t = this.ctx.evaluator.evaluate(other);
      if (t.kind === 'string' && t.value === 'undefined' && this.guarded(u, decl, source) !== 'checked') {
        this.ctx.report({ rule: 'port-empty-null-compare', ...this.ctx.span(cmp), message: `${name} is never undefined: an empty port gives the string "NULL PORT DATA". Compare with it.`, fixes: [this.ctx.replace(cmp, sentinelTest, 'Compare with "NULL PORT DATA"')] });
      }
      return;
    }
    const kind = sentinelKind(other, this.ctx.evaluator);
    if (kind === 'typo') {
      const literal = unwrap(other);
      this.ctx.report({
        rule: 'port-sentinel-typo',
        ...this.ctx.span(other),
        message: `This is not the empty-port sentinel: the game returns exactly "NULL PORT DATA" (capitals, single spaces), so this comparison never matches an empty port.`,
        fixes: ts.isStringLiteralLike(literal) ? [this.ctx.replace(literal, SENTINEL, 'Use "NULL PORT DATA"')] : [],
      });
    } else if (kind === 'nullish' && this.guarded(u, decl, source) !== 'checked') {
      this.ctx.report({
        rule: 'port-empty-null-compare',
        ...this.ctx.span(cmp),
        message: `${name} is never ${other.getText(this.ctx.source)} for an empty port: the game returns the string "NULL PORT DATA". Compare with it.`,
        fixes: [this.ctx.replace(cmp, sentinelTest, 'Compare with "NULL PORT DATA"')],
      });
    }
  }

  /** Uses that break on the sentinel string: member access, arithmetic, iteration, spreading, destructuring. */
  private unsafeUse(u: ts.Expression): ts.Node | undefined {
    const p = u.parent;
    if (ts.isCallExpression(p) && p.arguments[0] === u && BREAKS_ON_SENTINEL.has(p.expression.getText(this.ctx.source))) return p.expression.getText(this.ctx.source) === 'JSON.parse' && insideTry(p) ? undefined : p;
    if ((ts.isPropertyAccessExpression(p) || ts.isElementAccessExpression(p)) && p.expression === u) {
      if (!readsMessage(p, this.ctx)) return undefined;
      // `v.type === 'hack'` and `switch (v.type)` are themselves tests: on the sentinel they just do not match.
      const outer = this.ctx.skipParens(p).parent;
      if ((isEquality(outer) && sentinelKind(outer.left === this.ctx.skipParens(p) ? outer.right : outer.left, this.ctx.evaluator) === 'other') || (ts.isSwitchStatement(outer) && outer.expression === this.ctx.skipParens(p))) return undefined;
      return p;
    }
    if (ts.isBinaryExpression(p)) {
      const op = p.operatorToken.kind;
      if (ARITHMETIC.has(op) && !(op >= ts.SyntaxKind.FirstCompoundAssignment && p.left === u)) return p;
      if (op === ts.SyntaxKind.PlusToken && ts.isNumericLiteral(unwrap(p.left === u ? p.right : p.left))) return p;
    }
    if (ts.isPrefixUnaryExpression(p) && (p.operator === ts.SyntaxKind.MinusToken || p.operator === ts.SyntaxKind.PlusToken)) return p;
    if ((ts.isSpreadElement(p) || ts.isSpreadAssignment(p)) && p.expression === u) return p;
    if (ts.isForOfStatement(p) && p.expression === u) return u;
    if (ts.isVariableDeclaration(p) && p.initializer === u && !ts.isIdentifier(p.name)) return p.name;
    return undefined;
  }

  private noteTypeTests(access: ts.PropertyAccessExpression, port: Value): void {
    const parent = this.ctx.skipParens(access).parent;
    const literals: ts.Expression[] = [];
    if (isEquality(parent) && !parent.operatorToken.getText().startsWith('!')) literals.push(parent.left === this.ctx.skipParens(access) ? parent.right : parent.left);
    else if (ts.isSwitchStatement(parent)) for (const c of parent.caseBlock.clauses) if (ts.isCaseClause(c)) literals.push(c.expression);
    for (const l of literals) {
      const v = this.ctx.evaluator.evaluate(l);
      if (v.kind === 'string') this.typeTests.push({ port, type: v.value, ...this.ctx.span(l) });
    }
  }

  noteReturningHelper(fn: ts.FunctionLikeDeclaration): void {
    const body = fn.body!;
    const returned: ts.Expression[] = ts.isBlock(body) ? [] : [body];
    // A body whose text has no `return` returns nothing: no need to walk it.
    const text = this.ctx.source.text.slice(body.pos, body.end);
    if (ts.isBlock(body) && text.includes('return')) forEachInFunction(body, (n) => ts.isReturnStatement(n) && n.expression && returned.push(n.expression));
    for (const r of returned) {
      let e = unwrap(r);
      if (ts.isAwaitExpression(e)) e = unwrap(e.expression);
      let held: ts.VariableDeclaration | undefined;
      if (ts.isIdentifier(e)) {
        const decl = this.ctx.scopes.declarationOf(e);
        held = decl && ts.isVariableDeclaration(decl) ? decl : undefined;
        e = held?.initializer ? unwrap(held.initializer) : e;
      }
      const op = ts.isCallExpression(e) ? this.ctx.calls.classify(e) : undefined;
      // `if (v === "NULL PORT DATA") return false; return v;` hands out only real messages.
      if (op && (op.kind === 'read' || op.kind === 'peek') && this.guarded(r, held, { op, what: '' }) !== 'checked') {
        const node = ts.isVariableDeclaration(fn.parent) ? fn.parent : fn;
        const name = ts.isVariableDeclaration(node) ? node.name.getText() : fn.name?.getText() ?? 'this function';
        this.returningHelpers.set(node, { op: undefined, what: `${name}() (it returns a port ${op.kind === 'read' ? 'read' : 'peek'})` });
        return;
      }
    }
  }

  checkHelperCalls(): void {
    const names = [...this.returningHelpers.keys()].map((n) => (n as ts.VariableDeclaration | ts.FunctionDeclaration).name?.getText()).filter((n): n is string => !!n && /^[\w$]+$/.test(n));
    if (!names.length) return;
    for (const call of callsNamed(this.ctx.source, new RegExp(`(?<![\\w$.])(${names.join('|').replace(/\$/g, '\\$')})\\s*\\(`, 'g'), this.ctx.links)) {
      const decl = ts.isIdentifier(call.expression) ? this.ctx.scopes.declarationOf(call.expression) : undefined;
      const source = decl && this.returningHelpers.get(decl);
      if (source) this.track(call, source);
    }
  }
}

/**
 * Whether a member access on a port value treats it as a message: not a string member (`v.startsWith`, `v.length`
 * work on the sentinel too), not optional (`v?.x`), and not a key whose absence the code handles
 * (`v[key] ?? fallback`, `v[key] != null`).
 */
function readsMessage(access: ts.PropertyAccessExpression | ts.ElementAccessExpression, ctx: FileContext): boolean {
  if (access.questionDotToken) return false;
  if (ts.isPropertyAccessExpression(access) && isStringMember(access.name.text) && (access.name.text === 'length' || (ts.isCallExpression(access.parent) && access.parent.expression === access))) return false;
  const outer = ctx.skipParens(access);
  const p = outer.parent;
  if (ts.isBinaryExpression(p) && p.left === outer && p.operatorToken.kind === ts.SyntaxKind.QuestionQuestionToken) return false;
  if (isEquality(p) && sentinelKind(p.left === outer ? p.right : p.left, ctx.evaluator) === 'nullish') return false;
  return true;
}

/** Whether a branch assigns the variable anew at its top level (`if (v === "NULL PORT DATA") v = "";`). */
function assignsTo(branch: ts.Statement, decl: ts.VariableDeclaration, ctx: FileContext): boolean {
  const statements = ts.isBlock(branch) ? branch.statements : [branch];
  return statements.some((st) => {
    if (!ts.isExpressionStatement(st)) return false;
    const e = unwrap(st.expression);
    return ts.isBinaryExpression(e) && e.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(e.left) && ctx.scopes.declarationOf(e.left) === decl;
  });
}

/** Whether a node is in a try block that catches (within its function): a throw there is handled. */
function insideTry(node: ts.Node): boolean {
  for (let child = node, n = node.parent; n && !isFunctionLike(child); child = n, n = n.parent) if (ts.isTryStatement(n) && n.tryBlock === child && n.catchClause) return true;
  return false;
}
