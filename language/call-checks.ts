import ts from 'typescript';
import type { Finding, Fix, Span } from './diagnostic';
import type { FileContext } from './file-context';
import type { ConstructedWrite, DroppedRead, OpFact } from './file-analysis';
import { NULL_PORT_DATA } from '../core/engine/constants';
import { guardsOf, isEquality, sentinelKind, type Subject } from './guards';
import { ROLE_OF, type PortOp } from './port-ops';
import { enclosingFunction, isAsync, isDefaultExport, unwrap } from './syntax';
import { messageShape, uncloneableFinding, uncloneableReason } from './written-values';

const SYNC_KINDS = new Set(['read', 'peek', 'write', 'tryWrite', 'clear', 'empty', 'full', 'handle']);
/** The checks a read, a selective read and a write rely on. */
const READ_CHECKS: readonly string[] = ['empty', 'peek'];
const PEEK_CHECK: readonly string[] = ['peek'];
const FULL_CHECK: readonly string[] = ['full'];

/** The rules about one port call: what it writes, whether it is awaited, what check it relies on. Records its use. */
export class CallChecks {
  readonly ops: OpFact[] = [];
  /** Written values the syntax cannot classify: the type-aware pass asks the checker about them. */
  readonly typeCandidates: Span[] = [];
  readonly droppedReads: DroppedRead[] = [];
  readonly constructedWrites: ConstructedWrite[] = [];

  constructor(private readonly ctx: FileContext) {}

  check(op: PortOp): void {
    const role = ROLE_OF[op.kind];
    const portNode = op.port ?? op.call;
    const shape = op.value ? messageShape(op.value, this.ctx.evaluator, this.ctx.scopes) : undefined;
    const call = this.ctx.span(op.call);
    this.ops.push({ role, port: op.port ? this.ctx.evaluator.evaluate(op.port) : { kind: 'unknown' }, ...this.ctx.span(portNode), callStart: call.start, callEnd: call.end, messageType: shape?.type, keys: shape?.keys, selective: this.isSelective(op) || undefined });
    const parent = this.ctx.skipParens(op.call).parent;
    if (SYNC_KINDS.has(op.kind) && ts.isAwaitExpression(parent)) {
      const name = (op.call.expression as ts.PropertyAccessExpression).name.text;
      this.ctx.report({
        rule: 'port-await-sync',
        ...this.ctx.span(parent),
        message: `${name}() is synchronous (writePort has been since v2.2): awaiting it does nothing. Remove the await.`,
        fixes: [{ title: 'Remove the await', edits: [{ start: parent.getStart(this.ctx.source), end: parent.expression.getStart(this.ctx.source), newText: '' }] }],
      });
    }
    if (op.kind === 'nextWrite' && ts.isExpressionStatement(parent)) {
      const fn = enclosingFunction(op.call);
      this.ctx.report({
        rule: 'port-nextwrite-not-awaited',
        ...this.ctx.span(op.call),
        message: 'The promise from nextWrite() is dropped, so nothing waits for the write: the code below runs at once. Await it.',
        fixes: isAsync(fn) ? [{ title: 'Await the next write', edits: [{ start: op.call.getStart(this.ctx.source), end: op.call.getStart(this.ctx.source), newText: 'await ' }] }] : [],
      });
    }
    if (op.kind === 'write' && ts.isExpressionStatement(parent)) this.checkOverflow(op, parent);
    if ((op.kind === 'empty' || op.kind === 'full' || op.kind === 'peek') && ts.isExpressionStatement(parent)) {
      const name = (op.call.expression as ts.PropertyAccessExpression).name.text;
      this.ctx.report({
        rule: 'port-result-unused',
        ...this.ctx.span(op.call),
        message: `${name}() only looks at the port and its result is thrown away here, so this line does nothing.${op.kind === 'empty' ? ' To empty the port, call clear().' : ' Use its result (or remove the call).'}`,
        fixes: op.kind === 'empty' ? [{ title: 'Clear the port', edits: [{ ...this.ctx.span((op.call.expression as ts.PropertyAccessExpression).name), newText: name === 'isEmptyPort' ? 'clearPort' : 'clear' }] }] : [],
      });
    }
    if ((op.kind === 'write' || op.kind === 'tryWrite') && op.value) {
      const classes: ConstructedWrite[] = [];
      const span = this.ctx.span(op.value);
      const onConstructorParameter = (cls: ts.ClassDeclaration, param: number) => classes.push({ className: cls.name!.text, exportedAs: isDefaultExport(cls) ? 'default' : cls.name!.text, param, ...span });
      const reason = uncloneableReason(op.value, this.ctx.cloneScope({ onConstructorParameter }));
      if (reason) this.ctx.report(uncloneableFinding(span, reason));
      else {
        this.constructedWrites.push(...classes);
        if (!this.isPlainData(op.value)) this.typeCandidates.push(span);
      }
    }
    if (op.kind === 'read' || op.kind === 'peek' || op.kind === 'write' || op.kind === 'tryWrite') this.checkCheckThenAct(op);
  }

  /** A number, string, boolean or null, as far as the syntax shows: nothing for the checker to add. */
  private isPlainData(value: ts.Expression): boolean {
    const e = unwrap(value);
    if (e.kind === ts.SyntaxKind.TrueKeyword || e.kind === ts.SyntaxKind.FalseKeyword || e.kind === ts.SyntaxKind.NullKeyword || ts.isTemplateExpression(e)) return true;
    const v = this.ctx.evaluator.evaluate(e);
    return v.kind === 'number' || v.kind === 'string';
  }

  private checkOverflow(op: PortOp, statement: ts.ExpressionStatement): void {
    const callee = op.call.expression as ts.PropertyAccessExpression;
    const fn = enclosingFunction(op.call);
    const ns = this.ctx.nsNameIn(op.call);
    const fixes: Fix[] = [];
    if (isAsync(fn) && ns) {
      const tryName = callee.name.text === 'writePort' ? 'tryWritePort' : 'tryWrite';
      const call = `${callee.expression.getText(this.ctx.source)}.${tryName}(${op.call.arguments.map((a) => a.getText(this.ctx.source)).join(', ')})`;
      fixes.push(this.ctx.replace(statement, `while (!${call}) await ${ns}.sleep(50);`, 'Use tryWrite and wait while the port is full'));
    }
    this.ctx.report({
      rule: 'port-overflow-ignored',
      ...this.ctx.span(op.call),
      message: 'If the port is full, this write evicts its oldest item and returns it; here it is dropped unseen. Check the result, or use tryWrite and back off while the port is full.',
      fixes,
    });
  }

  /**
   * A read taken only when a peek of the same port, just before and with no await, showed a message meant for this
   * reader (`if (head.startsWith(me + ":")) port.read()`): it leaves other readers' messages alone.
   */
  private isSelective(op: PortOp): boolean {
    if (op.kind !== 'read' || !op.key) return false;
    let subject: Subject | undefined;
    for (const guard of guardsOf(op.call)) {
      if (guard.cases || guard.unless || !this.ctx.findCheck(guard.cond, op.key, PEEK_CHECK)) continue;
      subject ??= this.ctx.portSubject(op);
      if (selects(guard.cond, subject, this.ctx) && this.ctx.awaitBetween(op.call, guard.end, op.call.getStart(this.ctx.source)) === undefined) return true;
    }
    return false;
  }

  /** A read or write that relies on an empty()/full()/peek() check of the same port, with an await in between. */
  private checkCheckThenAct(op: PortOp): void {
    if (!op.key) return;
    const wanted = op.kind === 'write' || op.kind === 'tryWrite' ? FULL_CHECK : READ_CHECKS;
    if (op.kind === 'tryWrite') return; // tryWrite checks for itself
    const parent = this.ctx.skipParens(op.call).parent;
    const actAt = this.ctx.actStart(op.call);
    for (const guard of guardsOf(op.call)) {
      const check = this.ctx.findCheck(guard.cond, op.key, wanted);
      if (!check) continue;
      const awaitAt = this.ctx.awaitBetween(op.call, guard.end, actAt);
      if (awaitAt === undefined) return;
      const checkName = (check.call.expression as ts.PropertyAccessExpression).name.text;
      const action = (op.call.expression as ts.PropertyAccessExpression).name.text;
      const finding: Finding = {
        rule: 'port-check-then-act',
        ...this.ctx.span(op.call),
        message: `This ${action}() relies on the ${checkName}() check above, but an await lies between them: while this script waits, other scripts run and may ${op.kind === 'read' || op.kind === 'peek' ? 'empty' : 'fill'} the port. Without the await the pair would be atomic (scripts share one thread). Check again after the await, or ${op.kind === 'read' || op.kind === 'peek' ? 'compare the result with "NULL PORT DATA"' : 'use tryWrite'}.`,
        related: [{ file: this.ctx.file, ...this.ctx.span(check.call), message: 'the check' }],
      };
      if (check.kind === 'peek' && op.kind === 'read' && ts.isExpressionStatement(parent)) this.droppedReads.push({ port: this.ctx.evaluator.evaluate(op.port ?? op.call), callStart: op.call.getStart(this.ctx.source), finding });
      else this.ctx.report(finding);
      return;
    }
  }
}

const CONTENT_TESTS = new Set(['startsWith', 'endsWith', 'includes']);

/**
 * Whether a condition picks messages by their content (`head.startsWith(me)`, `head == "ping"`, `msg.to === me`), not
 * only by there being one: a reader behind it leaves the other messages for other readers.
 */
function selects(cond: ts.Expression, subject: Subject, ctx: FileContext): boolean {
  let found = false;
  const isOnSentinel = (e: ts.Expression) => {
    const v = ctx.evaluator.evaluate(e);
    return v.kind === 'string' && NULL_PORT_DATA.includes(v.value);
  };
  const walk = (n: ts.Node): void => {
    if (found) return;
    if (ts.isCallExpression(n) && ts.isPropertyAccessExpression(n.expression) && CONTENT_TESTS.has(n.expression.name.text) && subject.isValue(n.expression.expression)) found = !!n.arguments[0] && !isOnSentinel(n.arguments[0]);
    else if (isEquality(n)) {
      for (const [side, other] of [[n.left, n.right], [n.right, n.left]] as const) {
        const u = unwrap(side);
        const onValue = subject.isValue(u) || ((ts.isPropertyAccessExpression(u) || ts.isElementAccessExpression(u)) && subject.isValue(u.expression));
        if (onValue && sentinelKind(other, ctx.evaluator) !== 'sentinel' && sentinelKind(other, ctx.evaluator) !== 'nullish') found = true;
      }
    }
    if (!found) ts.forEachChild(n, walk);
  };
  walk(cond);
  return found;
}
