import ts from 'typescript';
import type { Finding, Span } from './diagnostic';
import type { PortCalls } from './port-ops';
import { classOf, fieldsOf, isAsync, isFunctionLike, unwrap, type Scopes } from './syntax';
import type { Evaluator } from './values';

const MAX_DEPTH = 4;

/** The declaration a name stands for, when it is a const variable's initializer or a function. */
function definitionOf(e: ts.Expression, scopes: Scopes): ts.Node | undefined {
  if (!ts.isIdentifier(e)) return undefined;
  const decl = scopes.declarationOf(e);
  if (!decl) return undefined;
  if (ts.isFunctionDeclaration(decl)) return decl;
  if (ts.isVariableDeclaration(decl) && decl.initializer && ts.isVariableDeclarationList(decl.parent) && decl.parent.flags & ts.NodeFlags.Const) return unwrap(decl.initializer);
  return undefined;
}

/** The finding for a write of something the game cannot clone; `reason` says what it is. */
export function uncloneableFinding(span: Span, reason: string): Finding {
  return {
    rule: 'port-uncloneable-write',
    ...span,
    message: `This writes ${reason}. The game structuredClones what goes into a port and throws "You can't send Functions, Promises, NS, or other unserializable data through ports!". Send plain data instead.`,
  };
}

/**
 * Why a written value cannot go through a port (a function, a Promise, the ns object, or an object holding one),
 * or undefined when it can or the linter cannot tell. Class instances are fine: they arrive as plain objects.
 */
export function uncloneableReason(value: ts.Expression, evaluator: Evaluator, scopes: Scopes, calls: PortCalls, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const e = unwrap(value);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isClassExpression(e)) return 'a function';
  if (calls.isNs(e)) return 'the ns object (a Proxy)';
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression) && e.expression.text === 'Promise') return 'a Promise';
  if (e.kind === ts.SyntaxKind.ThisKeyword) return instanceReason(e, evaluator, scopes, calls, depth);
  if (ts.isPropertyAccessExpression(e) && unwrap(e.expression).kind === ts.SyntaxKind.ThisKeyword) {
    const cls = classOf(e);
    for (const field of cls ? fieldsOf(cls) : []) {
      const reason = field.name === e.name.text ? uncloneableReason(field.value, evaluator, scopes, calls, depth + 1) : undefined;
      if (reason) return `${reason} (this.${field.name} holds it)`;
    }
    return undefined;
  }
  if (ts.isCallExpression(e)) {
    if (calls.classify(e)?.kind === 'handle') return 'a port handle (an object of functions)';
    const callee = unwrap(e.expression);
    if (ts.isPropertyAccessExpression(callee) && callee.expression.getText() === 'Promise') return 'a Promise';
    const target = ts.isIdentifier(callee) ? definitionOf(callee, scopes) : undefined;
    if (target && isFunctionLike(target) && isAsync(target)) return `a Promise (${callee.getText()} is async; await it)`;
    return undefined;
  }
  if (ts.isObjectLiteralExpression(e)) {
    for (const p of e.properties) {
      if (ts.isMethodDeclaration(p) || ts.isGetAccessor(p) || ts.isSetAccessor(p)) return `an object with a method (${p.name.getText()})`;
      const inner = ts.isPropertyAssignment(p) ? p.initializer : ts.isShorthandPropertyAssignment(p) ? p.name : ts.isSpreadAssignment(p) ? undefined : undefined;
      const reason = inner && uncloneableReason(inner, evaluator, scopes, calls, depth + 1);
      if (reason) return `an object holding ${reason} (in ${p.name?.getText() ?? 'a property'})`;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) {
      const reason = uncloneableReason(el, evaluator, scopes, calls, depth + 1);
      if (reason) return `an array holding ${reason}`;
    }
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const def = definitionOf(e, scopes);
    if (def && ts.isFunctionDeclaration(def)) return `a function (${e.text})`;
    if (def && ts.isExpression(def)) return uncloneableReason(def, evaluator, scopes, calls, depth + 1);
    const declared = declaredType(e, scopes);
    if (declared) return `${declared} (${e.text} is declared so)`;
  }
  return undefined;
}

/** What a TypeScript annotation on the name's declaration says it holds, when that cannot go through a port. */
function declaredType(id: ts.Identifier, scopes: Scopes): string | undefined {
  const decl = scopes.declarationOf(id);
  const type = decl && (ts.isVariableDeclaration(decl) || ts.isParameter(decl)) ? decl.type : undefined;
  if (!type) return undefined;
  if (ts.isFunctionTypeNode(type)) return 'a function';
  if (ts.isTypeReferenceNode(type)) {
    const name = type.typeName.getText();
    if (name === 'Promise') return 'a Promise';
    if (name === 'NS') return 'the ns object (a Proxy)';
    if (name === 'Function') return 'a function';
  }
  return undefined;
}

/** The `type` tag and keys of a written object literal (followed through a const), as far as visible. */
export function messageShape(value: ts.Expression, evaluator: Evaluator, scopes: Scopes): { type: string | null | undefined; keys: string[] } | undefined {
  let e = unwrap(value);
  if (ts.isIdentifier(e)) {
    const def = definitionOf(e, scopes);
    if (def && ts.isExpression(def)) e = def;
  }
  if (!ts.isObjectLiteralExpression(e)) {
    // A string or a number carries no tag; anything else may be an object we cannot see.
    const v = evaluator.evaluate(e);
    return v.kind === 'string' || v.kind === 'number' || ts.isTemplateExpression(e) || ts.isArrayLiteralExpression(e) ? { type: undefined, keys: [] } : { type: null, keys: [] };
  }
  const keys: string[] = [];
  let type: string | null | undefined;
  for (const p of e.properties) {
    if (ts.isSpreadAssignment(p)) {
      type = type === undefined ? null : type;
      continue;
    }
    const key = p.name && (ts.isIdentifier(p.name) || ts.isStringLiteral(p.name)) ? p.name.text : undefined;
    if (!key) continue;
    keys.push(key);
    if (key === 'type') {
      const v = ts.isPropertyAssignment(p) ? evaluator.evaluate(p.initializer) : ts.isShorthandPropertyAssignment(p) ? evaluator.evaluate(p.name) : undefined;
      type = v?.kind === 'string' ? v.value : null;
    }
  }
  return { type, keys };
}

/** Why an instance of the class around `self` cannot be cloned: a field holding ns, a handle, a function… */
function instanceReason(self: ts.Expression, evaluator: Evaluator, scopes: Scopes, calls: PortCalls, depth: number): string | undefined {
  const cls = classOf(self);
  for (const field of cls ? fieldsOf(cls) : []) {
    const reason = uncloneableReason(field.value, evaluator, scopes, calls, depth + 1);
    if (reason) return `an instance of ${cls!.name?.text ?? 'this class'} holding ${reason} (in this.${field.name})`;
  }
  return undefined;
}
