import ts from 'typescript';
import type { FileContext } from './file-context';
import type { PortOp, PortOpKind } from './port-ops';
import { narrows, sentinelKind, type Subject } from './guards';
import { containsAwait, endsScript, isFunctionLike, unwrap } from './syntax';

/** Ways through a statement that await nothing: falling through to what follows, or reaching a `continue`. */
interface Paths {
  fall: boolean;
  cont: boolean;
}

const NONE: Paths = { fall: false, cont: false };

/** Which rounds of a loop use up a port message (there are only so many, and none can arrive while it spins). */
export interface Consumes {
  /** Whether one branch of an if runs only when a port read returned a message. */
  branch(s: ts.IfStatement, then: boolean): boolean;
  /** Whether `next` reads a message that `guard`, reached and passed without an await, proved is there. */
  after(guard: ts.Statement, next: ts.Statement): boolean;
  /** Whether a switch clause runs only when a port read returned a message (`switch (v) { case "NULL PORT DATA": … default: … }`). */
  clause(s: ts.SwitchStatement, clause: ts.CaseOrDefaultClause): boolean;
}

function sequence(statements: readonly ts.Statement[], consumes: Consumes): Paths {
  let cont = false;
  for (const [i, s] of statements.entries()) {
    const p = paths(s, consumes);
    cont ||= p.cont;
    if (!p.fall) return { fall: false, cont };
    // `if (port.empty()) await port.nextWrite(); const m = port.read();`: every round that gets past takes a message.
    const next = statements[i + 1];
    if (next && consumes.after(s, next)) return { fall: false, cont };
  }
  return { fall: true, cont };
}

/**
 * A branch that only runs when a read got a message does not count as a way round without an await: there are only
 * so many messages, and no other script can add any while this one spins, so the loop reaches its await.
 */
function paths(s: ts.Statement, consumes: Consumes): Paths {
  if (ts.isContinueStatement(s)) return { fall: false, cont: true };
  if (ts.isBlock(s)) return sequence(s.statements, consumes);
  if (ts.isIfStatement(s)) {
    if (containsAwait(s.expression)) return NONE;
    const a = consumes.branch(s, true) ? NONE : paths(s.thenStatement, consumes);
    const b = consumes.branch(s, false) ? NONE : s.elseStatement ? paths(s.elseStatement, consumes) : { fall: true, cont: false };
    return { fall: a.fall || b.fall, cont: a.cont || b.cont };
  }
  if (ts.isTryStatement(s)) return s.finallyBlock && containsAwait(s.finallyBlock) ? NONE : sequence(s.tryBlock.statements, consumes);
  if (ts.isSwitchStatement(s)) {
    if (containsAwait(s.expression)) return NONE;
    const clauses = s.caseBlock.clauses.map((c) => (consumes.clause(s, c) ? NONE : sequence(c.statements, consumes)));
    return { fall: !s.caseBlock.clauses.some(ts.isDefaultClause) || clauses.some((c) => c.fall), cont: clauses.some((c) => c.cont) };
  }
  if (ts.isReturnStatement(s) || ts.isThrowStatement(s) || ts.isBreakStatement(s)) return NONE;
  // Anything else (an inner loop included) counts as awaiting if it holds an await anywhere.
  return containsAwait(s) ? NONE : { fall: true, cont: false };
}

/**
 * Whether a loop body awaits in one of its own statements with no `continue` written before it: every round then
 * reaches that await or leaves (what `paths` finds too, without looking into the statements before it). Most loops
 * are so.
 */
function awaitsEarly(body: ts.Statement): boolean {
  if (!ts.isBlock(body)) return false;
  const awaiting = body.statements.find((s) => (ts.isExpressionStatement(s) || ts.isVariableStatement(s)) && containsAwait(s));
  return !!awaiting && !body.getSourceFile().text.slice(body.pos, awaiting.pos).includes('continue');
}

/** Whether every way through `s` awaits (or leaves the loop). */
function awaitsAlways(s: ts.Statement, consumes: Consumes): boolean {
  const p = paths(s, consumes);
  return !p.fall && !p.cont;
}

/** Whether the loop can leave by itself: a break, return or throw inside it (not in an inner loop or switch). */
function canLeave(loop: ts.IterationStatement): boolean {
  let found = false;
  const walk = (n: ts.Node, nested: boolean): void => {
    if (found || isFunctionLike(n)) return;
    if (ts.isReturnStatement(n) || ts.isThrowStatement(n) || (ts.isBreakStatement(n) && (!nested || n.label)) || (ts.isExpressionStatement(n) && endsScript(n))) found = true;
    else ts.forEachChild(n, (c) => walk(c, nested || ts.isIterationStatement(n, false) || ts.isSwitchStatement(n)));
  };
  walk(loop.statement, false);
  return found;
}

function alwaysTrue(cond: ts.Expression | undefined): boolean {
  if (!cond) return true;
  const e = unwrap(cond);
  return e.kind === ts.SyntaxKind.TrueKeyword || (ts.isNumericLiteral(e) && Number(e.text) !== 0);
}

/**
 * A loop that never ends by itself and can go round without an await. Its condition is constant, or `stuck` says it
 * only asks about port state that nothing in the loop changes (and, without an await, no other script can either).
 * `touchesPorts` says whether a node uses a port.
 */
export function isBusyLoop(loop: ts.IterationStatement, touchesPorts: (n: ts.Node) => boolean, stuck: (cond: ts.Expression) => boolean, consumes: Consumes): boolean {
  let cond: ts.Expression | undefined;
  if (ts.isWhileStatement(loop) || ts.isDoStatement(loop)) cond = loop.expression;
  else if (ts.isForStatement(loop)) {
    cond = loop.condition;
    if (loop.incrementor && containsAwait(loop.incrementor)) return false;
  } else return false;
  if (!(alwaysTrue(cond) || (cond && stuck(cond))) || (cond && containsAwait(cond)) || awaitsEarly(loop.statement)) return false;
  const p = paths(loop.statement, consumes);
  return (p.fall || p.cont) && !canLeave(loop) && touchesPorts(loop) && !flagLeadsToAwait(loop.statement, consumes);
}

/** A boolean variable's literal value (`true`/`false`), or undefined for anything else. */
function literalBool(e: ts.Expression | undefined): boolean | undefined {
  const u = e && unwrap(e);
  return u?.kind === ts.SyntaxKind.TrueKeyword ? true : u?.kind === ts.SyntaxKind.FalseKeyword ? false : undefined;
}

/** `flag`, `!flag`, `flag == true`, `flag === false`: the flag's name and the value that makes the test hold. */
function flagTest(cond: ts.Expression): { name: string; when: boolean } | undefined {
  const e = unwrap(cond);
  if (ts.isIdentifier(e)) return { name: e.text, when: true };
  if (ts.isPrefixUnaryExpression(e) && e.operator === ts.SyntaxKind.ExclamationToken) {
    const inner = flagTest(e.operand);
    return inner && { name: inner.name, when: !inner.when };
  }
  if (!ts.isBinaryExpression(e) || !ts.isIdentifier(e.left)) return undefined;
  const value = literalBool(e.right);
  const op = e.operatorToken.kind;
  const equal = op === ts.SyntaxKind.EqualsEqualsToken || op === ts.SyntaxKind.EqualsEqualsEqualsToken;
  const differ = op === ts.SyntaxKind.ExclamationEqualsToken || op === ts.SyntaxKind.ExclamationEqualsEqualsToken;
  return value === undefined || !(equal || differ) ? undefined : { name: e.left.text, when: equal ? value : !value };
}

/** The flag's value after a branch runs: its last assignment there (in callbacks too: they run before the await resumes), or `kept`. */
function flagAfter(branch: ts.Statement | undefined, name: string, kept: boolean): boolean | undefined {
  let value: boolean | undefined = kept;
  const walk = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(n.left) && n.left.text === name) value = literalBool(n.right);
    ts.forEachChild(n, walk);
  };
  if (branch) walk(branch);
  return value;
}

/**
 * A loop whose body is `if (flag) A else B` on a boolean flag: a round that skips the await but sets the flag so the
 * next round takes a branch that always awaits is no busy loop (the flag is set again before the loop resumes).
 */
function flagLeadsToAwait(body: ts.Statement, consumes: Consumes): boolean {
  const statements = ts.isBlock(body) ? body.statements : [body];
  const s = statements.length === 1 ? statements[0] : undefined;
  const test = s && ts.isIfStatement(s) ? flagTest(s.expression) : undefined;
  if (!s || !ts.isIfStatement(s) || !test) return false;
  const decl = findFlagDeclaration(s, test.name);
  const initial = literalBool(decl?.initializer);
  if (initial === undefined) return false;
  const branchFor = (v: boolean) => (v === test.when ? s.thenStatement : s.elseStatement);
  const awaits = (v: boolean) => {
    const b = branchFor(v);
    return !!b && awaitsAlways(b, consumes);
  };
  const seen = new Set<boolean>();
  for (let v: boolean | undefined = initial; v !== undefined && !seen.has(v); ) {
    seen.add(v);
    const next = flagAfter(branchFor(v), test.name, v);
    if (next === undefined) return false;
    if (!awaits(v) && (next === v || !awaits(next))) return false;
    v = next;
  }
  return true;
}

/** The `let flag = …` declaration a loop's flag test names, in an enclosing statement list. */
function findFlagDeclaration(from: ts.Node, name: string): ts.VariableDeclaration | undefined {
  for (let n: ts.Node | undefined = from.parent; n && !isFunctionLike(n); n = n.parent) {
    if (!ts.isBlock(n) && !ts.isSourceFile(n)) continue;
    for (const st of n.statements) {
      if (!ts.isVariableStatement(st)) continue;
      for (const d of st.declarationList.declarations) if (ts.isIdentifier(d.name) && d.name.text === name) return d;
    }
  }
  return undefined;
}

/** Reports `loop` if it is a busy loop over ports. */
export function checkLoop(ctx: FileContext, loop: ts.IterationStatement): void {
  // The port operations of these kinds in `n` (not in functions it defines).
  const opsIn = (n: ts.Node | undefined, kinds: readonly PortOpKind[]): PortOp[] => {
    const found: PortOp[] = [];
    const walk = (c: ts.Node): void => {
      if (isFunctionLike(c)) return;
      const op = ts.isCallExpression(c) ? ctx.calls.classify(c) : undefined;
      if (op && kinds.includes(op.kind)) found.push(op);
      ts.forEachChild(c, walk);
    };
    if (n) walk(n);
    return found;
  };
  const touchesPorts = (n: ts.Node): boolean => opsIn(n, ['read', 'peek', 'write', 'tryWrite', 'clear', 'nextWrite', 'empty', 'full']).length > 0;
  // The keys of the ports a condition asks about, if it asks about nothing else.
  const checkedPorts = (e: ts.Expression, keys: Set<string>): boolean => {
    const u = unwrap(e);
    if (ts.isPrefixUnaryExpression(u) && u.operator === ts.SyntaxKind.ExclamationToken) return checkedPorts(u.operand, keys);
    if (ts.isBinaryExpression(u) && (u.operatorToken.kind === ts.SyntaxKind.AmpersandAmpersandToken || u.operatorToken.kind === ts.SyntaxKind.BarBarToken)) return checkedPorts(u.left, keys) && checkedPorts(u.right, keys);
    const op = ts.isCallExpression(u) ? ctx.calls.classify(u) : undefined;
    if (!op?.key || (op.kind !== 'empty' && op.kind !== 'full')) return false;
    keys.add(op.key);
    return true;
  };
  const changesPorts = (keys: Set<string>): boolean => {
    let found = false;
    const walk = (c: ts.Node): void => {
      if (found) return;
      const op = ts.isCallExpression(c) ? ctx.calls.classify(c) : undefined;
      if (op && ['read', 'write', 'tryWrite', 'clear'].includes(op.kind) && (!op.key || keys.has(op.key))) found = true;
      else if (ts.isCallExpression(c) && !op) found = !ts.isPropertyAccessExpression(c.expression); // a local helper may touch the port
      if (!found) ts.forEachChild(c, walk);
    };
    walk(loop.statement);
    return found;
  };
  const stuck = (cond: ts.Expression): boolean => {
    const keys = new Set<string>();
    return checkedPorts(cond, keys) && !changesPorts(keys);
  };
  // A branch taken only when a read (or empty()) says a message was there.
  const readValue = (e: ts.Expression): boolean => {
    let u = unwrap(e);
    if (ts.isBinaryExpression(u) && u.operatorToken.kind === ts.SyntaxKind.EqualsToken) u = unwrap(u.right);
    if (ts.isIdentifier(u)) {
      const decl = ctx.scopes.declarationOf(u);
      u = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : u;
    }
    // `String(port.read())` is the read, as a string.
    if (ts.isCallExpression(u) && ts.isIdentifier(u.expression) && u.expression.text === 'String' && u.arguments.length === 1) u = unwrap(u.arguments[0]!);
    return ts.isCallExpression(u) && ctx.calls.classify(u)?.kind === 'read';
  };
  const isEmptyCall = (e: ts.Expression): boolean => {
    const u = unwrap(e);
    return ts.isCallExpression(u) && ctx.calls.classify(u)?.kind === 'empty';
  };
  const never = () => false;
  const reads = (n: ts.Node | undefined): boolean => opsIn(n, ['read']).length > 0;
  const branch = (s: ts.IfStatement, then: boolean): boolean => {
    const holds = (subject: Subject) => {
      const n = narrows(s.expression, subject, ctx.evaluator);
      return (then ? n.ifTrue : n.ifFalse) === 'nonEmpty';
    };
    // Either the read already happened (its result is what the condition tests), or the branch reads after empty().
    return holds({ isValue: readValue, isEmptyCall: never }) || (holds({ isValue: never, isEmptyCall }) && reads(then ? s.thenStatement : s.elseStatement));
  };
  // A guard that awaits (or leaves) unless the port holds a message, followed at once by a plain statement (no branch
  // that could skip it) reading that port.
  const after = (guard: ts.Statement, next: ts.Statement): boolean => {
    if (!ts.isIfStatement(guard) || guard.elseStatement || !(ts.isExpressionStatement(next) || ts.isVariableStatement(next))) return false;
    if (!awaitsAlways(guard.thenStatement, { branch, after, clause })) return false;
    const read = new Set(opsIn(next, ['read']).map((op) => op.key));
    return opsIn(guard.expression, ['empty', 'peek']).some(({ key }) => {
      if (key === undefined || !read.has(key)) return false;
      const on = (kind: PortOpKind) => (e: ts.Expression) => {
        const u = unwrap(e);
        const op = ts.isCallExpression(u) ? ctx.calls.classify(u) : undefined;
        return op?.kind === kind && op.key === key;
      };
      return narrows(guard.expression, { isValue: on('peek'), isEmptyCall: on('empty') }, ctx.evaluator).ifFalse === 'nonEmpty';
    });
  };
  // A clause the sentinel never reaches, in a switch on a read: the round took a message.
  const clause = (s: ts.SwitchStatement, c: ts.CaseOrDefaultClause): boolean => {
    if (!readValue(s.expression)) return false;
    const isSentinel = (e: ts.Expression) => sentinelKind(e, ctx.evaluator) === 'sentinel';
    return ts.isCaseClause(c) ? sentinelKind(c.expression, ctx.evaluator) === 'other' : s.caseBlock.clauses.some((o) => ts.isCaseClause(o) && isSentinel(o.expression));
  };
  const consumes: Consumes = { branch, after, clause };
  if (!isBusyLoop(loop, touchesPorts, stuck, consumes)) return;
  const head = loop.getStart(ctx.source);
  const bodyStart = loop.statement.getStart(ctx.source);
  ctx.report({
    rule: 'port-busy-loop',
    start: head,
    end: Math.max(head + 1, bodyStart),
    message: 'This loop never ends by itself and can go round without an await. All scripts share the game\'s one thread, so while it spins nothing else runs (no writer can fill the port): the game freezes. Await something each time round: ns.sleep(), ns.asleep() or port.nextWrite().',
  });
}
