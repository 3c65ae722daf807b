import ts from 'typescript';
import type { Finding, Span } from './diagnostic';
import type { PortCalls } from './port-ops';
import { callsNamed, classOf, constructionsOf, fieldsOf, hasExportModifier, isAsync, isFunctionLike, referencesTo, unwrap, type ParentLinks, type Scopes } from './syntax';
import type { Evaluator } from './values';

const MAX_DEPTH = 8;

/** What the clone checks read in one file; the workspace adds what other files hold. */
export interface CloneScope {
  source: ts.SourceFile;
  links: ParentLinks;
  evaluator: Evaluator;
  scopes: Scopes;
  calls: PortCalls;
  /** Why an instance of a class this file imports cannot be cloned (the workspace can tell; one file cannot). */
  importedInstance?(name: ts.Identifier): string | undefined;
  /** Told when a value comes in through a constructor parameter of an exported class: other files may pass it. */
  onConstructorParameter?(cls: ts.ClassDeclaration, index: number): void;
}

/** The parameters and classes being looked into: a value that leads back to itself proves nothing. */
const inProgress = new Set<ts.Node>();

function once(node: ts.Node, reason: () => string | undefined): string | undefined {
  if (inProgress.has(node)) return undefined;
  inProgress.add(node);
  try {
    return reason();
  } finally {
    inProgress.delete(node);
  }
}

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
export function uncloneableReason(value: ts.Expression, scope: CloneScope, depth = 0): string | undefined {
  if (depth > MAX_DEPTH) return undefined;
  const { scopes, calls } = scope;
  const e = unwrap(value);
  if (ts.isArrowFunction(e) || ts.isFunctionExpression(e) || ts.isClassExpression(e)) return 'a function';
  if (calls.isNs(e)) return 'the ns object (a Proxy)';
  if (ts.isNewExpression(e) && ts.isIdentifier(e.expression)) return e.expression.text === 'Promise' ? 'a Promise' : constructedReason(e.expression, scope, depth);
  if (e.kind === ts.SyntaxKind.ThisKeyword) {
    const cls = classOf(e);
    return cls && instanceReason(cls, scope, depth);
  }
  if (ts.isPropertyAccessExpression(e) && unwrap(e.expression).kind === ts.SyntaxKind.ThisKeyword) {
    const cls = classOf(e);
    for (const field of cls ? fieldsOf(cls) : []) {
      const reason = field.name === e.name.text ? uncloneableReason(field.value, scope, depth + 1) : undefined;
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
      const reason = inner && uncloneableReason(inner, scope, depth + 1);
      if (reason) return `an object holding ${reason} (in ${p.name?.getText() ?? 'a property'})`;
    }
    return undefined;
  }
  if (ts.isArrayLiteralExpression(e)) {
    for (const el of e.elements) {
      const reason = uncloneableReason(el, scope, depth + 1);
      if (reason) return `an array holding ${reason}`;
    }
    return undefined;
  }
  if (ts.isIdentifier(e)) {
    const def = definitionOf(e, scopes);
    if (def && ts.isFunctionDeclaration(def)) return `a function (${e.text})`;
    if (def && ts.isExpression(def)) return uncloneableReason(def, scope, depth + 1);
    const declared = declaredType(e, scopes);
    if (declared) return `${declared} (${e.text} is declared so)`;
    const decl = scopes.declarationOf(e);
    if (decl && ts.isParameter(decl) && saysNothing(decl.type)) return parameterReason(decl, scope, depth + 1);
  }
  return undefined;
}

const VAGUE_TYPES = new Set([ts.SyntaxKind.AnyKeyword, ts.SyntaxKind.UnknownKeyword, ts.SyntaxKind.ObjectKeyword]);

/** No annotation, or one that tells nothing about what the value holds (`any`, `unknown`, `object`). */
function saysNothing(type: ts.TypeNode | undefined): boolean {
  return !type || VAGUE_TYPES.has(type.kind);
}

/**
 * Why an instance of the named class cannot be cloned: its fields, when this file declares it, or (through the
 * workspace) the file it is imported from.
 */
function constructedReason(name: ts.Identifier, scope: CloneScope, depth: number): string | undefined {
  const decl = scope.scopes.declarationOf(name);
  if (decl && ts.isClassDeclaration(decl)) return instanceReason(decl, scope, depth);
  return decl && (ts.isImportSpecifier(decl) || ts.isImportClause(decl)) ? scope.importedInstance?.(name) : undefined;
}

/**
 * Why an untyped parameter's value cannot be cloned: what the function stores into it (`obj.owner = this`,
 * `obj ||= this`), or what is passed for it: by the class's own `this.method(…)` calls for a method, by `new C(…)` in
 * this file for a constructor (and, for an exported class, by other files: `onConstructorParameter`).
 */
function parameterReason(param: ts.ParameterDeclaration, scope: CloneScope, depth: number): string | undefined {
  const fn = param.parent;
  const cls = fn.parent;
  if (depth > MAX_DEPTH || !ts.isIdentifier(param.name) || !isFunctionLike(fn) || !fn.body || !ts.isClassLike(cls)) return undefined;
  return once(param, () => storedReason(param, fn.body!, scope, depth) ?? passedReason(fn, fn.parameters.indexOf(param), cls, scope, depth));
}

function storedReason(param: ts.ParameterDeclaration, body: ts.Node, scope: CloneScope, depth: number): string | undefined {
  const name = (param.name as ts.Identifier).text;
  for (const ref of referencesTo(body, param, name, scope.scopes)) {
    const target = ts.isPropertyAccessExpression(ref.parent) && ref.parent.expression === ref ? ref.parent : ref;
    const assignment = target.parent;
    if (!ts.isBinaryExpression(assignment) || assignment.left !== target || !ASSIGNMENTS.has(assignment.operatorToken.kind)) continue;
    const reason = uncloneableReason(assignment.right, scope, depth + 1);
    if (reason) return target === ref ? `${reason} (${name} may be set to it)` : `an object holding ${reason} (in ${name}.${(target as ts.PropertyAccessExpression).name.text})`;
  }
  return undefined;
}

const ASSIGNMENTS = new Set([ts.SyntaxKind.EqualsToken, ts.SyntaxKind.BarBarEqualsToken, ts.SyntaxKind.QuestionQuestionEqualsToken]);

function passedReason(fn: ts.SignatureDeclaration, index: number, cls: ts.ClassLikeDeclaration, scope: CloneScope, depth: number): string | undefined {
  const { source, links } = scope;
  if (ts.isConstructorDeclaration(fn)) {
    if (!ts.isClassDeclaration(cls) || !cls.name) return undefined;
    for (const site of constructionsOf(cls.name.text, source, links)) {
      const arg = scope.scopes.declarationOf(site.expression as ts.Identifier) === cls ? site.arguments?.[index] : undefined;
      const reason = arg && uncloneableReason(arg, scope, depth + 1);
      if (reason) return `${reason}, passed to new ${cls.name.text}() on line ${source.getLineAndCharacterOfPosition(site.getStart(source)).line + 1}`;
    }
    if (hasExportModifier(cls)) scope.onConstructorParameter?.(cls, index);
    return undefined;
  }
  if (!ts.isMethodDeclaration(fn) || !ts.isIdentifier(fn.name)) return undefined;
  const pattern = new RegExp(`\\bthis\\s*\\.\\s*(${fn.name.text.replace(/\$/g, '\\$')})\\s*\\(`, 'g');
  for (const call of callsNamed(source, pattern, links)) {
    const arg = classOf(call) === cls ? call.arguments[index] : undefined;
    const reason = arg && uncloneableReason(arg, scope, depth + 1);
    if (reason) return reason;
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

/** Why an instance of a class cannot be cloned: a field holding ns, a handle, a function… */
export function instanceReason(cls: ts.ClassLikeDeclaration, scope: CloneScope, depth: number): string | undefined {
  return once(cls, () => {
    for (const field of fieldsOf(cls)) {
      const reason = uncloneableReason(field.value, scope, depth + 1);
      if (reason) return `an instance of ${cls.name?.text ?? 'this class'} holding ${reason} (in this.${field.name})`;
    }
    return undefined;
  });
}
