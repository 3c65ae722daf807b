import ts from 'typescript';
import type { PortRole } from '../core/port-view/port-map';
import { classOf, fieldsOf, unwrap, type Scopes } from './syntax';

/** What a call does to a port. `handle` is getPortHandle. */
export type PortOpKind = 'read' | 'peek' | 'write' | 'tryWrite' | 'clear' | 'nextWrite' | 'empty' | 'full' | 'handle';

export interface PortOp {
  kind: PortOpKind;
  call: ts.CallExpression;
  /** The port number expression, when the linter can see it (a handle passed in as a parameter hides it). */
  port: ts.Expression | undefined;
  /** What a write writes. */
  value?: ts.Expression;
  /** Identifies the port within a function, for pairing a check with its read or write: the port expression's text. */
  key: string | undefined;
}

export const ROLE_OF: Partial<Record<PortOpKind, PortRole>> = { read: 'consumer', peek: 'peeker', write: 'writer', tryWrite: 'writer', clear: 'clearer', nextWrite: 'waiter' };

/** NS methods, recognised on the game's `ns` only: a player's own wrapper may take the same names and mean otherwise. */
const NS_METHODS: Record<string, PortOpKind> = { readPort: 'read', writePort: 'write', tryWritePort: 'tryWrite', clearPort: 'clear', nextPortWrite: 'nextWrite', getPortHandle: 'handle', peek: 'peek', isEmptyPort: 'empty', isFullPort: 'full' };
const HANDLE_METHODS: Record<string, PortOpKind> = { read: 'read', peek: 'peek', write: 'write', tryWrite: 'tryWrite', clear: 'clear', nextWrite: 'nextWrite', empty: 'empty', full: 'full' };
const VALUE_ARG: Partial<Record<PortOpKind, true>> = { write: true, tryWrite: true };

/** Recognises the game's port calls: `ns.readPort(p)`, `ns.peek(p)`, `handle.read()` on a handle from getPortHandle. */
export class PortCalls {
  private readonly cache = new Map<ts.CallExpression, PortOp | null>();
  private methodsByName: Map<string, Set<string>> | undefined;

  constructor(private readonly scopes: Scopes) {}

  classify(call: ts.CallExpression): PortOp | undefined {
    let op = this.cache.get(call);
    if (op === undefined) {
      op = this.compute(call) ?? null;
      this.cache.set(call, op);
    }
    return op ?? undefined;
  }

  /** The port calls classified so far. */
  *classified(): Generator<PortOp> {
    for (const op of this.cache.values()) if (op) yield op;
  }

  /** The getPortHandle call a receiver stands for: the call itself, or a variable initialised with it. */
  handleSource(receiver: ts.Expression): { port: ts.Expression | undefined } | undefined {
    const e = unwrap(receiver);
    if (ts.isCallExpression(e)) {
      const op = this.classify(e);
      return op?.kind === 'handle' ? { port: op.port } : undefined;
    }
    if (ts.isPropertyAccessExpression(e) && e.expression.kind === ts.SyntaxKind.ThisKeyword) return this.handleField(e);
    if (!ts.isIdentifier(e)) return undefined;
    const decl = this.scopes.declarationOf(e);
    if (decl && ts.isVariableDeclaration(decl) && decl.initializer) {
      const init = unwrap(decl.initializer);
      if (ts.isCallExpression(init)) {
        const op = this.classify(init);
        if (op?.kind === 'handle') return { port: op.port };
      }
    }
    if (decl && !ts.isParameter(decl)) return undefined;
    if (decl?.type) return ts.isTypeReferenceNode(decl.type) && decl.type.typeName.getText() === 'NetscriptPort' ? { port: undefined } : undefined;
    // Only a handle passed in untyped (or a snippet's undeclared name) can be told by its methods: a local object of
    // the player's (a queue) cannot.
    return this.looksLikeHandle(e) ? { port: undefined } : undefined;
  }

  /** `this.port`, when the class only ever stores getPortHandle results in that field. */
  private handleField(access: ts.PropertyAccessExpression): { port: ts.Expression | undefined } | undefined {
    const cls = classOf(access);
    const values = cls ? fieldsOf(cls).filter((f) => f.name === access.name.text).map((f) => unwrap(f.value)) : [];
    const ops = values.map((v) => (ts.isCallExpression(v) ? this.classify(v) : undefined));
    if (!ops.length || ops.some((op) => op?.kind !== 'handle')) return undefined;
    return { port: ops.length === 1 ? ops[0]!.port : undefined };
  }

  /**
   * A handle passed in untyped (`function drain(port)`), or from a snippet: a name on which the file calls
   * methods only a port handle has together (nextWrite or tryWrite, or empty/full with read/write/peek).
   */
  private looksLikeHandle(id: ts.Identifier): boolean {
    this.methodsByName ??= handleMethodsByName(id.getSourceFile().text);
    const m = this.methodsByName.get(id.text);
    if (!m) return false;
    return m.has('nextWrite') || m.has('tryWrite') || ((m.has('empty') || m.has('full')) && (m.has('read') || m.has('write') || m.has('peek')));
  }

  /** Whether an expression is the script's `ns`: named ns, typed NS, or the first parameter of main. */
  isNs(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    if (!ts.isIdentifier(e)) return false;
    if (e.text === 'ns') return true;
    const decl = this.scopes.declarationOf(e);
    if (!decl || !ts.isParameter(decl)) return false;
    if (decl.type && ts.isTypeReferenceNode(decl.type) && decl.type.typeName.getText() === 'NS') return true;
    const fn = decl.parent;
    return ts.isFunctionDeclaration(fn) && fn.name?.text === 'main' && fn.parameters[0] === decl;
  }

  /** `ns`, or a property named ns holding it (`this.ns`, `ctx.ns`): how scripts and their classes reach the game. */
  isNsReceiver(expr: ts.Expression): boolean {
    const e = unwrap(expr);
    return this.isNs(e) || (ts.isPropertyAccessExpression(e) && e.name.text === 'ns');
  }

  private compute(call: ts.CallExpression): PortOp | undefined {
    const callee = call.expression;
    if (!ts.isPropertyAccessExpression(callee)) return undefined;
    const name = callee.name.text;
    const args = call.arguments;
    const nsKind = NS_METHODS[name];
    if (nsKind && args.length >= 1 && this.isNsReceiver(callee.expression)) {
      const port = args[0]!;
      return { kind: nsKind, call, port, value: VALUE_ARG[nsKind] ? args[1] : undefined, key: keyOf(port) };
    }
    const kind = HANDLE_METHODS[name];
    if (!kind || (name === 'peek' && args.length > 0)) return undefined;
    const handle = this.handleSource(callee.expression);
    if (!handle) return undefined;
    return { kind, call, port: handle.port, value: VALUE_ARG[kind] ? args[0] : undefined, key: handle.port ? keyOf(handle.port) : `handle:${unwrap(callee.expression).getText()}` };
  }
}

const HANDLE_CALL = /\.\s*(nextWrite|tryWrite|empty|full|read|write|peek)\s*\(/g;

/**
 * The handle methods called on each name in a text (`name?.read(`, `name . write (`). The search starts at the
 * method, then reads the name backwards: a pattern starting with the name would be tried at every character.
 */
function handleMethodsByName(text: string): Map<string, Set<string>> {
  const index = new Map<string, Set<string>>();
  for (const m of text.matchAll(HANDLE_CALL)) {
    let end = m.index;
    if (text[end - 1] === '?') end--;
    while (end > 0 && /\s/.test(text[end - 1]!)) end--;
    let start = end;
    while (start > 0 && /[\w$]/.test(text[start - 1]!)) start--;
    while (start < end && /\d/.test(text[start]!)) start++;
    if (start === end) continue;
    const name = text.slice(start, end);
    const set = index.get(name) ?? new Set();
    set.add(m[1]!);
    index.set(name, set);
  }
  return index;
}

function keyOf(port: ts.Expression): string {
  return unwrap(port).getText().replace(/\s+/g, '');
}
