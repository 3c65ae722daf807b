import ts from 'typescript';
import type { FileContext } from './file-context';
import type { PortOp } from './port-ops';
import { callsNamed, unwrap } from './syntax';
import type { Value } from './values';

/** A port use inside a helper that takes the port number (`function put(ns, port, v)`) or a handle as a parameter. */
export interface HelperUse {
  /** The helper's name, as the file calls it. */
  helper: string;
  param: number;
  /** The use's index in the file's ops. */
  op: number;
  /** Exported, so other files may call it with ports this one never sees. */
  exported: boolean;
}

/** A call of a helper of the same file, with its arguments' values: the call says which port the helper uses. */
export interface HelperCall {
  name: string;
  args: Value[];
  callStart: number;
  callEnd: number;
  argSpans: { start: number; end: number }[];
}

/** The name a function can be called by from outside: its own, or the const it is assigned to. */
function helperName(fn: ts.SignatureDeclaration): string | undefined {
  if (ts.isFunctionDeclaration(fn)) return fn.name?.text;
  const parent = fn.parent;
  return (ts.isArrowFunction(fn) || ts.isFunctionExpression(fn)) && ts.isVariableDeclaration(parent) && ts.isIdentifier(parent.name) ? parent.name.text : undefined;
}

function isExported(fn: ts.SignatureDeclaration): boolean {
  const statement = ts.isFunctionDeclaration(fn) ? fn : fn.parent?.parent?.parent;
  return !!statement && ts.canHaveModifiers(statement) && !!ts.getModifiers(statement)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

/** The uses whose port is a parameter of the function around them. */
export function helperUses(ctx: FileContext, ops: readonly PortOp[]): HelperUse[] {
  const out: HelperUse[] = [];
  ops.forEach((op, i) => {
    // The port number, or for a handle passed in (`function drain(port) { port.read() }`) the handle.
    const port = op.port ? unwrap(op.port) : ts.isPropertyAccessExpression(op.call.expression) ? unwrap(op.call.expression.expression) : undefined;
    const decl = port && ts.isIdentifier(port) ? ctx.scopes.declarationOf(port) : undefined;
    if (!decl || !ts.isParameter(decl)) return;
    const fn = decl.parent;
    const name = helperName(fn);
    if (name) out.push({ helper: name, param: fn.parameters.indexOf(decl), op: i, exported: isExported(fn) });
  });
  return out;
}

/**
 * Calls of this file's own helpers (`local`). Found from the text, like port calls, so files without such calls cost
 * nothing. (Helpers imported from other files are not followed: finding their calls means linking every statement
 * that calls any imported function, which costs more than the parse itself. Their traffic stays hidden.)
 */
export function helperCalls(ctx: FileContext, local: Set<string>): HelperCall[] {
  const out: HelperCall[] = [];
  const record = (call: ts.CallExpression, name: string) => {
    const span = ctx.span(call);
    // A handle argument stands for its port: `drain(ns.getPortHandle(4))`.
    const valueOf = (a: ts.Expression) => {
      const handle = ctx.calls.handleSource(a);
      return ctx.evaluator.evaluate(handle?.port ?? a);
    };
    out.push({ name, args: call.arguments.map(valueOf), callStart: span.start, callEnd: span.end, argSpans: call.arguments.map((a) => ctx.span(a)) });
  };
  if (!local.size) return out;
  const names = [...local].map((n) => n.replace(/\$/g, '\\$')).join('|');
  for (const call of callsNamed(ctx.source, new RegExp(`(?<![\\w$.])(${names})\\s*\\(`, 'g'), ctx.links)) {
    const callee = unwrap(call.expression);
    if (ts.isIdentifier(callee) && local.has(callee.text) && ctx.scopes.declarationOf(callee)) record(call, callee.text);
  }
  return out;
}

