import ts from 'typescript';

/** Strips what does not change a value: parentheses, `as`/`satisfies`/`!`, type assertions. */
export function unwrap(e: ts.Expression): ts.Expression {
  for (;;) {
    if (ts.isParenthesizedExpression(e) || ts.isAsExpression(e) || ts.isSatisfiesExpression(e) || ts.isNonNullExpression(e) || ts.isTypeAssertionExpression(e)) e = e.expression;
    else return e;
  }
}

const FUNCTION_KINDS = new Set([ts.SyntaxKind.FunctionDeclaration, ts.SyntaxKind.FunctionExpression, ts.SyntaxKind.ArrowFunction, ts.SyntaxKind.MethodDeclaration, ts.SyntaxKind.Constructor, ts.SyntaxKind.GetAccessor, ts.SyntaxKind.SetAccessor]);

export function isFunctionLike(node: ts.Node): node is ts.FunctionLikeDeclaration {
  return FUNCTION_KINDS.has(node.kind);
}

/** The innermost node whose text (without leading trivia) covers `offset`. */
export function nodeAt(source: ts.SourceFile, offset: number): ts.Node {
  let node: ts.Node = source;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, (c) => (c.pos <= offset && offset < c.end ? c : undefined));
    if (!child) return node;
    node = child;
  }
}

/** Calls whose callee is `name` or `x.name`, found from the text (much cheaper than walking every node). */
export function callsNamed(source: ts.SourceFile, pattern: RegExp, links: ParentLinks): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  for (const m of source.text.matchAll(pattern)) {
    const offset = m.index + m[0].lastIndexOf(m[1]!);
    links.at(offset);
    const id = nodeAt(source, offset);
    if (!ts.isIdentifier(id)) continue;
    const callee = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
    if (ts.isCallExpression(callee.parent) && callee.parent.expression === callee) out.push(callee.parent);
  }
  return out;
}

export function enclosingFunction(node: ts.Node): ts.FunctionLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) if (isFunctionLike(n)) return n;
  return undefined;
}

export function isAsync(fn: ts.FunctionLikeDeclaration | undefined): boolean {
  return !!fn?.modifiers?.some((m) => m.kind === ts.SyntaxKind.AsyncKeyword);
}

/**
 * Parent links, set per top-level statement on demand: setting them for a whole file costs more than parsing
 * it, and most of a script (plain functions with no port call) is never looked at.
 */
export class ParentLinks {
  private readonly linked = new Set<ts.Node>();

  constructor(private readonly source: ts.SourceFile) {
    for (const s of source.statements) if (!ts.isFunctionDeclaration(s) && !ts.isClassDeclaration(s)) this.link(s);
  }

  /** Links the top-level statement holding `offset`. */
  at(offset: number): void {
    const statements = this.source.statements;
    let lo = 0;
    let hi = statements.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = statements[mid]!;
      if (offset < s.pos) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else return this.link(s);
    }
  }

  link(statement: ts.Statement): void {
    if (this.linked.has(statement)) return;
    this.linked.add(statement);
    const set = (node: ts.Node, parent: ts.Node): void => {
      (node as { parent: ts.Node }).parent = parent;
      ts.forEachChild(node, (c) => set(c, node));
    };
    set(statement, this.source);
  }
}

/** Calls `visit` for every node under `root`, not entering nested functions. */
export function forEachInFunction(root: ts.Node, visit: (node: ts.Node) => void): void {
  const walk = (n: ts.Node): void => {
    visit(n);
    if (!isFunctionLike(n)) ts.forEachChild(n, walk);
  };
  ts.forEachChild(root, walk);
}

export function containsAwait(node: ts.Node): boolean {
  if (ts.isAwaitExpression(node) || (ts.isForOfStatement(node) && node.awaitModifier)) return true;
  let found = false;
  forEachInFunction(node, (n) => {
    if (ts.isAwaitExpression(n) || (ts.isForOfStatement(n) && n.awaitModifier)) found = true;
  });
  return found;
}

/** Whether running `stmt` never falls through to the next statement (return, throw, break, continue). */
export function exitsAlways(stmt: ts.Statement): boolean {
  if (ts.isReturnStatement(stmt) || ts.isThrowStatement(stmt) || ts.isBreakStatement(stmt) || ts.isContinueStatement(stmt) || endsScript(stmt)) return true;
  if (ts.isBlock(stmt)) return stmt.statements.some(exitsAlways);
  if (ts.isIfStatement(stmt)) return !!stmt.elseStatement && exitsAlways(stmt.thenStatement) && exitsAlways(stmt.elseStatement);
  return false;
}

/** The names a binding (a name or a destructuring pattern) declares. */
export function bindingNames(name: ts.BindingName, out: ts.Identifier[] = []): ts.Identifier[] {
  if (ts.isIdentifier(name)) out.push(name);
  else for (const element of name.elements) if (!ts.isOmittedExpression(element)) bindingNames(element.name, out);
  return out;
}

/** A declaration an identifier can refer to, as far as this linter follows names. */
export type Declaration = ts.VariableDeclaration | ts.ParameterDeclaration | ts.BindingElement | ts.FunctionDeclaration | ts.EnumDeclaration | ts.ClassDeclaration | ts.ImportSpecifier | ts.ImportClause | ts.NamespaceImport;

/**
 * Resolves identifiers to declarations by walking the enclosing scopes, the way JavaScript's lexical scoping
 * does (hoisting aside). Each scope's names are collected once.
 */
export class Scopes {
  private readonly cache = new Map<ts.Node, Map<string, Declaration>>();

  constructor(private readonly links: ParentLinks) {}

  declarationOf(id: ts.Identifier): Declaration | undefined {
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      const found = this.names(n)?.get(id.text);
      if (found) {
        if (ts.isSourceFile(n) && (ts.isFunctionDeclaration(found) || ts.isClassDeclaration(found))) this.links.link(found);
        return found;
      }
    }
    return undefined;
  }

  private names(scope: ts.Node): Map<string, Declaration> | undefined {
    let names = this.cache.get(scope);
    if (names) return names;
    names = new Map();
    const add = (id: ts.Identifier | undefined, decl: Declaration) => {
      if (id && !names!.has(id.text)) names!.set(id.text, decl);
    };
    const addDeclarationList = (list: ts.VariableDeclarationList) => {
      for (const d of list.declarations) for (const id of bindingNames(d.name)) add(id, ts.isIdentifier(d.name) ? d : (id.parent as ts.BindingElement));
    };
    const addStatements = (statements: readonly ts.Statement[]) => {
      for (const s of statements) {
        if (ts.isVariableStatement(s)) addDeclarationList(s.declarationList);
        else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) add(s.name, s);
        else if (ts.isImportDeclaration(s) && s.importClause) {
          const clause = s.importClause;
          add(clause.name, clause);
          const bindings = clause.namedBindings;
          if (bindings && ts.isNamespaceImport(bindings)) add(bindings.name, bindings);
          else if (bindings) for (const spec of bindings.elements) add(spec.name, spec);
        }
      }
    };
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) addStatements(scope.statements);
    else if (isFunctionLike(scope)) {
      for (const p of scope.parameters) for (const id of bindingNames(p.name)) add(id, ts.isIdentifier(p.name) ? p : (id.parent as ts.BindingElement));
      if (ts.isFunctionExpression(scope)) add(scope.name, scope as unknown as ts.FunctionDeclaration);
    } else if ((ts.isForStatement(scope) || ts.isForOfStatement(scope) || ts.isForInStatement(scope)) && scope.initializer && ts.isVariableDeclarationList(scope.initializer)) {
      addDeclarationList(scope.initializer);
    } else if (ts.isCatchClause(scope) && scope.variableDeclaration) {
      for (const id of bindingNames(scope.variableDeclaration.name)) add(id, scope.variableDeclaration);
    } else return undefined;
    this.cache.set(scope, names);
    return names;
  }
}

/** Whether a variable declaration is a `const`. */
export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Every identifier under `root` with the given name that resolves to `decl` (its uses, and the declaration itself). */
export function referencesTo(root: ts.Node, decl: Declaration, name: string, scopes: Scopes): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  const walk = (n: ts.Node): void => {
    if (ts.isIdentifier(n)) {
      if (n.text === name && !(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n) && scopes.declarationOf(n) === decl) out.push(n);
      return;
    }
    ts.forEachChild(n, walk);
  };
  walk(root);
  return out;
}

/** `ns.exit();` (or `this.ns.exit();`): the script ends there. */
export function endsScript(stmt: ts.Statement): boolean {
  if (!ts.isExpressionStatement(stmt)) return false;
  const e = unwrap(stmt.expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'exit') return false;
  const receiver = unwrap(e.expression.expression);
  return (ts.isIdentifier(receiver) && receiver.text === 'ns') || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'ns');
}

/** The class whose instance `this` is at a node: through arrow functions, not through other functions. */
export function classOf(node: ts.Node): ts.ClassLikeDeclaration | undefined {
  for (let n = node.parent; n; n = n.parent) {
    if (ts.isClassLike(n)) return n;
    if (ts.isFunctionDeclaration(n) || ts.isFunctionExpression(n)) return undefined;
  }
  return undefined;
}

/** What a class's instances hold: field initializers, parameter properties, and `this.x = …` anywhere in the class. */
const FIELDS = new WeakMap<ts.ClassLikeDeclaration, { name: string; value: ts.Expression }[]>();

export function fieldsOf(cls: ts.ClassLikeDeclaration): { name: string; value: ts.Expression }[] {
  const known = FIELDS.get(cls);
  if (known) return known;
  const out: { name: string; value: ts.Expression }[] = [];
  FIELDS.set(cls, out);
  for (const m of cls.members) {
    if (ts.isPropertyDeclaration(m) && m.initializer && ts.isIdentifier(m.name) && !ts.getModifiers(m)?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword)) out.push({ name: m.name.text, value: m.initializer });
    if (ts.isConstructorDeclaration(m)) for (const p of m.parameters) if (ts.getModifiers(p)?.length && ts.isIdentifier(p.name)) out.push({ name: p.name.text, value: p.name });
  }
  const walk = (n: ts.Node): void => {
    if (ts.isBinaryExpression(n) && n.operatorToken.kind === ts.SyntaxKind.EqualsToken && ts.isPropertyAccessExpression(n.left) && n.left.expression.kind === ts.SyntaxKind.ThisKeyword && classOf(n) === cls) out.push({ name: n.left.name.text, value: n.right });
    ts.forEachChild(n, walk);
  };
  for (const m of cls.members) walk(m);
  return out;
}

