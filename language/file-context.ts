import ts from 'typescript';
import type { Finding, Fix } from './diagnostic';
import type { Subject } from './guards';
import { PortCalls, type PortOp } from './port-ops';
import { enclosingFunction, forEachInFunction, ParentLinks, Scopes, unwrap } from './syntax';
import { Evaluator } from './values';

/** One file under analysis: its tree and the helpers every check uses, and the findings so far. */
export class FileContext {
  readonly links: ParentLinks;
  readonly scopes: Scopes;
  readonly calls: PortCalls;
  readonly evaluator: Evaluator;
  readonly findings = new Map<string, Finding>();
  private readonly awaitPositions = new Map<ts.Node | undefined, number[]>();

  constructor(
    readonly file: string,
    readonly source: ts.SourceFile,
  ) {
    this.links = new ParentLinks(source);
    this.scopes = new Scopes(this.links);
    this.calls = new PortCalls(this.scopes);
    this.evaluator = new Evaluator(this.scopes);
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
  findCheck(cond: ts.Expression, key: string, kinds: string[]): PortOp | undefined {
    let found: PortOp | undefined;
    const walk = (n: ts.Node): void => {
      if (found) return;
      if (ts.isCallExpression(n)) {
        const op = this.calls.classify(n);
        if (op && op.key === key && kinds.includes(op.kind)) found = op;
      } else if (ts.isIdentifier(n) && kinds.includes('peek')) {
        // `const next = port.peek(); if (next !== "NULL PORT DATA") …` checks through a variable.
        const decl = this.scopes.declarationOf(n);
        const init = decl && ts.isVariableDeclaration(decl) && decl.initializer ? unwrap(decl.initializer) : undefined;
        const op = init && ts.isCallExpression(init) ? this.calls.classify(init) : undefined;
        if (op?.kind === 'peek' && op.key === key) found = op;
      }
      ts.forEachChild(n, walk);
    };
    walk(cond);
    return found;
  }

  portSubject(op: PortOp): Subject {
    const is = (e: ts.Expression, kind: string) => {
      const u = unwrap(e);
      if (!ts.isCallExpression(u)) return false;
      const other = this.calls.classify(u);
      return !!other && other.kind === kind && other.key === op.key;
    };
    return { isValue: (e) => is(e, 'peek'), isEmptyCall: (e) => is(e, 'empty') };
  }

  /** The name of `ns` as seen from a node: the first NS-like parameter of an enclosing function. */
  nsNameIn(node: ts.Node): string | undefined {
    for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
      for (const p of fn.parameters) if (ts.isIdentifier(p.name) && this.calls.isNs(p.name)) return p.name.text;
    }
    return undefined;
  }
}
