import ts from 'typescript';
import type { Finding, Fix } from './diagnostic';
import type { Subject } from './guards';
import { PortCalls, type PortOp } from './port-ops';
import { containsAwait, enclosingFunction, forEachInFunction, isConstDeclaration, ParentLinks, referencesTo, Scopes, unwrap } from './syntax';
import { Evaluator } from './values';
import type { CloneScope } from './written-values';

/** What a condition that checks a port holds in its text: a peek, or an empty() or isEmptyPort() call. */
const CHECK_WORDS = ['peek', 'empty', 'isEmptyPort'];

/** One file under analysis: its tree and the helpers every check uses, and the findings so far. */
export class FileContext {
  readonly links: ParentLinks;
  readonly scopes: Scopes;
  readonly calls: PortCalls;
  readonly evaluator: Evaluator;
  readonly findings = new Map<string, Finding>();
  private readonly awaitPositions = new Map<ts.Node | undefined, number[]>();
  private readonly assignments = new Map<ts.VariableDeclaration, ts.Expression[]>();

  constructor(
    readonly file: string,
    readonly source: ts.SourceFile,
  ) {
    this.links = new ParentLinks(source);
    this.scopes = new Scopes(this.links);
    this.calls = new PortCalls(this.scopes);
    this.evaluator = new Evaluator(this.scopes);
  }

  /** What the clone checks need of this file, with the hooks given. */
  cloneScope(hooks: Pick<CloneScope, 'importedInstance' | 'onConstructorParameter'> = {}): CloneScope {
    return { source: this.source, links: this.links, evaluator: this.evaluator, scopes: this.scopes, calls: this.calls, ...hooks };
  }

  report(f: Finding): void {
    const key = `${f.rule}:${f.start}`;
    if (!this.findings.has(key)) this.findings.set(key, f);
  }

  span(node: ts.Node): { start: number; end: number } {
    return { start: node.getStart(this.source), end: node.end };
  }

  replace(node: ts.Node, newText: string, title: string): Fix {
    return { title, edits: [{ ...this.span(node), newText }] };
  }

  /** The outermost expression that is `e` in parentheses or a type cast. */
  skipParens(e: ts.Expression): ts.Expression {
    while (ts.isParenthesizedExpression(e.parent) || ts.isAsExpression(e.parent) || ts.isSatisfiesExpression(e.parent) || ts.isNonNullExpression(e.parent) || ts.isTypeAssertionExpression(e.parent)) e = e.parent;
    return e;
  }

  /** Where a port call acts: `await port.read()` reads first, so the await on its result comes after. */
  actStart(call: ts.CallExpression): number {
    const parent = this.skipParens(call).parent;
    return (ts.isAwaitExpression(parent) ? parent : call).getStart(this.source);
  }

  /** The first await (position) in `node`'s function between two offsets, if any. */
  awaitBetween(node: ts.Node, from: number, to: number): number | undefined {
    const fn = enclosingFunction(node);
    let list = this.awaitPositions.get(fn);
    if (!list) {
      list = [];
      const found = list;
      forEachInFunction(fn ?? this.source, (n) => {
        if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found.push(n.getStart(this.source));
      });
      this.awaitPositions.set(fn, list);
    }
    return list.find((p) => p >= from && p < to);
  }

  /** A check call (empty/full/peek, as `kinds` says) on the port `key` within a condition. */
  findCheck(cond: ts.Expression, key: string, kinds: readonly string[]): PortOp | undefined {
    // A condition whose text names no such check (nor a variable holding a peek) has none: no walk needed.
    const text = this.source.text.slice(cond.pos, cond.end);
    if (!this.checkWords(kinds).some((w) => text.includes(w))) return undefined;
    let found: PortOp | undefined;
    const walk = (n: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const op = this.calls.classify(n);
        if (op && op.key === key && kinds.includes(op.kind)) found = op;
      } else if (ts.isIdentifier(n) && kinds.includes('peek')) {
        // `const next = port.peek(); if (next !== "NULL PORT DATA") …` checks through a variable.
        const op = this.peekHeldBy(n);
        if (op?.key === key) found = op;
      }
      ts.forEachChild(n, walk);
    };
    walk(cond);
    return found;
  }

  /**
   * The port's own peek (a call, or a variable holding one with no await since) and its empty() call. Synchronous
   * code is atomic: a peek that saw a message means the next read, with no await between, gets one.
   */
  portSubject(op: PortOp): Subject {
    let subject = this.subjects.get(op);
    if (!subject) {
      subject = this.makePortSubject(op);
      this.subjects.set(op, subject);
    }
    return subject;
  }

  private readonly subjects = new Map<PortOp, Subject>();

  private makePortSubject(op: PortOp): Subject {
    const is = (e: ts.Expression, kind: string) => {
      const u = unwrap(e);
      if (kind === 'peek' && ts.isIdentifier(u)) {
        const peek = this.peekHeldBy(u);
        return !!peek && peek.key === op.key && this.awaitBetween(u, peek.call.end, u.getStart(this.source)) === undefined;
      }
      if (!ts.isCallExpression(u)) return false;
      const other = this.calls.classify(u);
      return !!other && other.kind === kind && other.key === op.key;
    };
    const mentions = { text: this.source.text, words: [...CHECK_WORDS, ...this.peekHolders()] };
    return { isValue: (e) => is(e, 'peek'), isEmptyCall: (e) => is(e, 'empty'), refills: (branch) => this.writesPort(branch, op.key), mentions };
  }

  /** Whether a branch writes the port with this key at its top level and awaits nothing (`if (h.empty()) h.write({});`). */
  private writesPort(branch: ts.Statement, key: string | undefined): boolean {
    const statements = ts.isBlock(branch) ? branch.statements : [branch];
    if (containsAwait(branch)) return false;
    return statements.some((st) => {
      const e = ts.isExpressionStatement(st) ? unwrap(st.expression) : undefined;
      const op = e && ts.isCallExpression(e) ? this.calls.classify(e) : undefined;
      return !!op && (op.kind === 'write' || op.kind === 'tryWrite') && op.key === key;
    });
  }

  private holders: Set<string> | undefined;
  private readonly wordsByKinds = new Map<readonly string[], string[]>();

  /** The words a condition holding one of these checks has in its text (by the callers' constant lists). */
  private checkWords(kinds: readonly string[]): string[] {
    let words = this.wordsByKinds.get(kinds);
    if (!words) {
      words = kinds.flatMap((k) => (k === 'peek' ? ['peek', ...this.peekHolders()] : [k, k === 'empty' ? 'isEmptyPort' : 'isFullPort']));
      this.wordsByKinds.set(kinds, words);
    }
    return words;
  }

  /**
   * The names that some peek of the file is stored in (`const next = port.peek()`, `next = port.peek()`): only they
   * can hold one, so other names need no lookup. Read once every port call is classified (analyzeFile does that first).
   */
  peekHolders(): Set<string> {
    if (this.holders) return this.holders;
    this.holders = new Set();
    for (const op of this.calls.classified()) {
      if (op.kind !== 'peek') continue;
      const e = this.skipParens(op.call);
      const p = e.parent;
      if (ts.isVariableDeclaration(p) && p.initializer === e && ts.isIdentifier(p.name)) this.holders.add(p.name.text);
      else if (ts.isBinaryExpression(p) && p.right === e && p.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isIdentifier(p.left)) this.holders.add(p.left.text);
    }
    return this.holders;
  }

  /** The peek a variable holds where `ref` reads it: its last assignment before `ref` (or its initializer), if a peek. */
  peekHeldBy(ref: ts.Identifier): PortOp | undefined {
    if (!this.peekHolders().has(ref.text)) return undefined;
    const decl = this.scopes.declarationOf(ref);
    if (!decl || !ts.isVariableDeclaration(decl) || !ts.isIdentifier(decl.name)) return undefined;
    const at = ref.getStart(this.source);
    let held = decl.initializer;
    if (!isConstDeclaration(decl)) {
      for (const r of this.assignmentsTo(decl, decl.name)) if (r.end <= at) held = r;
    }
    const e = held && unwrap(held);
    const op = e && ts.isCallExpression(e) ? this.calls.classify(e) : undefined;
    return op?.kind === 'peek' ? op : undefined;
  }

  /** The values assigned to a `let`/`var` after its declaration (`x = …`), in source order. */
  private assignmentsTo(decl: ts.VariableDeclaration, name: ts.Identifier): ts.Expression[] {
    let list = this.assignments.get(decl);
    if (!list) {
      list = [];
      for (const r of referencesTo(decl.parent.parent.parent ?? this.source, decl, name.text, this.scopes)) {
        const p = r.parent;
        if (ts.isBinaryExpression(p) && p.left === r && p.operatorToken.kind === ts.SyntaxKind.EqualsToken) list.push(p.right);
      }
      this.assignments.set(decl, list);
    }
    return list;
  }

  /** The name of `ns` as seen from a node: the first NS-like parameter of an enclosing function. */
  nsNameIn(node: ts.Node): string | undefined {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      for (const p of fn.parameters) if (ts.isIdentifier(p.name) && this.calls.isNs(p.name)) return p.name.text;
    }
    return undefined;
  }
}
