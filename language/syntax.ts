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
export function nodeAt(root: ts.Node, offset: number): ts.Node {
  let node: ts.Node = root;
  seeking = offset;
  for (;;) {
    const child: ts.Node | undefined = ts.forEachChild(node, covering);
    if (!child) return node;
    node = child;
  }
}

/** The offset nodeAt looks for: a module variable, so the search makes no closure per level. */
let seeking = 0;

function covering(c: ts.Node): ts.Node | undefined {
  return c.pos <= seeking && seeking < c.end ? c : undefined;
}

/** The identifiers where `pattern`'s first group matches the text (in source order), their statements linked. */
export function identifiersMatching(source: ts.SourceFile, pattern: RegExp, links: ParentLinks): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  for (const m of source.text.matchAll(pattern)) {
    const offset = m.index + m[0].lastIndexOf(m[1]!);
    const id = nodeAt(links.at(offset) ?? source, offset);
    if (ts.isIdentifier(id)) out.push(id);
  }
  return out;
}

/** Calls whose callee is `name` or `x.name`, found from the text (much cheaper than walking every node). */
export function callsNamed(source: ts.SourceFile, pattern: RegExp, links: ParentLinks): ts.CallExpression[] {
  const out: ts.CallExpression[] = [];
  for (const id of identifiersMatching(source, pattern, links)) {
    const callee = ts.isPropertyAccessExpression(id.parent) && id.parent.name === id ? id.parent : id;
    if (ts.isCallExpression(callee.parent) && callee.parent.expression === callee) out.push(callee.parent);
  }
  return out;
}

/** `new Name(…)` expressions in a file, found from the text. */
export function constructionsOf(name: string, source: ts.SourceFile, links: ParentLinks): ts.NewExpression[] {
  const pattern = new RegExp(`\\bnew\\s+(${name.replace(/\$/g, '\\$')})\\s*\\(`, 'g');
  return identifiersMatching(source, pattern, links)
    .map((id) => id.parent)
    .filter((p): p is ts.NewExpression => ts.isNewExpression(p) && ts.isIdentifier(p.expression) && p.expression.text === name);
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

  /** Links the top-level statement holding `offset`, and returns it. */
  at(offset: number): ts.Statement | undefined {
    const statements = this.source.statements;
    let lo = 0;
    let hi = statements.length - 1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      const s = statements[mid]!;
      if (offset < s.pos) hi = mid - 1;
      else if (offset >= s.end) lo = mid + 1;
      else {
        this.link(s);
        return s;
      }
    }
    return undefined;
  }

  link(statement: ts.Statement): void {
    if (this.linked.has(statement)) return;
    this.linked.add(statement);
    setParents(statement, this.source);
  }
}

/** The parent being linked: a module variable rather than a closure per node, since linking touches every node. */
let linking: ts.Node | undefined;

function setParents(node: ts.Node, parent: ts.Node): void {
  const outer = linking;
  linking = parent;
  linkChild(node);
  linking = outer;
}

function linkChild(node: ts.Node): undefined {
  (node as { parent: ts.Node }).parent = linking!;
  const outer = linking;
  linking = node;
  ts.forEachChild(node, linkChild);
  linking = outer;
  return undefined;
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

  /** Answers so far, by identifier (the checks ask about the same names again and again); null for none. */
  private readonly answers = new Map<ts.Identifier, Declaration | null>();

  declarationOf(id: ts.Identifier): Declaration | undefined {
    const known = this.answers.get(id);
    if (known !== undefined) return known ?? undefined;
    for (let n: ts.Node | undefined = id.parent; n; n = n.parent) {
      if (!isScope(n)) continue;
      const found = this.names(n).get(id.text);
      if (found) {
        if (ts.isSourceFile(n) && (ts.isFunctionDeclaration(found) || ts.isClassDeclaration(found))) this.links.link(found);
        this.answers.set(id, found);
        return found;
      }
      // Only a search that got to the file is final: a node not yet linked to it may be, later.
      if (ts.isSourceFile(n)) this.answers.set(id, null);
    }
    return undefined;
  }

  /** The names a scope (a node isScope accepts) declares. */
  private names(scope: ts.Node): Map<string, Declaration> {
    let names = this.cache.get(scope);
    if (names) return names;
    names = new Map();
    if (ts.isSourceFile(scope) || ts.isBlock(scope) || ts.isModuleBlock(scope) || ts.isCaseClause(scope) || ts.isDefaultClause(scope)) addStatements(names, scope.statements);
    else if (isFunctionLike(scope)) {
      for (const p of scope.parameters) addBinding(names, p.name, p);
      if (ts.isFunctionExpression(scope)) addName(names, scope.name, scope as unknown as ts.FunctionDeclaration);
    } else if (ts.isCatchClause(scope)) for (const id of bindingNames(scope.variableDeclaration!.name)) addName(names, id, scope.variableDeclaration!);
    else addDeclarationList(names, (scope as ts.ForStatement | ts.ForOfStatement | ts.ForInStatement).initializer as ts.VariableDeclarationList);
    this.cache.set(scope, names);
    return names;
  }
}

/** Whether a node declares names for the code inside it (the kinds `Scopes` reads). */
function isScope(n: ts.Node): boolean {
  switch (n.kind) {
    case ts.SyntaxKind.SourceFile:
    case ts.SyntaxKind.Block:
    case ts.SyntaxKind.ModuleBlock:
    case ts.SyntaxKind.CaseClause:
    case ts.SyntaxKind.DefaultClause:
      return true;
    case ts.SyntaxKind.ForStatement:
    case ts.SyntaxKind.ForOfStatement:
    case ts.SyntaxKind.ForInStatement: {
      const init = (n as ts.ForStatement | ts.ForOfStatement | ts.ForInStatement).initializer;
      return !!init && ts.isVariableDeclarationList(init);
    }
    case ts.SyntaxKind.CatchClause:
      return !!(n as ts.CatchClause).variableDeclaration;
    default:
      return isFunctionLike(n);
  }
}

function addName(names: Map<string, Declaration>, id: ts.Identifier | undefined, decl: Declaration): void {
  if (id && !names.has(id.text)) names.set(id.text, decl);
}

/** The names of a binding: the declaration itself for a plain name, each element of a destructuring pattern. */
function addBinding(names: Map<string, Declaration>, name: ts.BindingName, decl: ts.VariableDeclaration | ts.ParameterDeclaration): void {
  if (ts.isIdentifier(name)) addName(names, name, decl);
  else for (const id of bindingNames(name)) addName(names, id, id.parent as ts.BindingElement);
}

function addDeclarationList(names: Map<string, Declaration>, list: ts.VariableDeclarationList): void {
  for (const d of list.declarations) addBinding(names, d.name, d);
}

function addStatements(names: Map<string, Declaration>, statements: readonly ts.Statement[]): void {
  for (const s of statements) {
    if (ts.isVariableStatement(s)) addDeclarationList(names, s.declarationList);
    else if (ts.isFunctionDeclaration(s) || ts.isClassDeclaration(s) || ts.isEnumDeclaration(s)) addName(names, s.name, s);
    else if (ts.isImportDeclaration(s) && s.importClause) {
      const clause = s.importClause;
      addName(names, clause.name, clause);
      const bindings = clause.namedBindings;
      if (bindings && ts.isNamespaceImport(bindings)) addName(names, bindings.name, bindings);
      else if (bindings) for (const spec of bindings.elements) addName(names, spec.name, spec);
    }
  }
}

/** Whether a variable declaration is a `const`. */
export function isConstDeclaration(decl: ts.VariableDeclaration): boolean {
  return ts.isVariableDeclarationList(decl.parent) && (decl.parent.flags & ts.NodeFlags.Const) !== 0;
}

/** Every identifier under `root` with the given name that resolves to `decl` (its uses, and the declaration itself). */
export function referencesTo(root: ts.Node, decl: Declaration, name: string, scopes: Scopes): ts.Identifier[] {
  const out: ts.Identifier[] = [];
  // Found from the text, in source order: each standalone occurrence of the name, then the node there.
  const text = root.getSourceFile().text;
  const end = Math.min(root.end, text.length);
  for (let at = text.indexOf(name, root.pos); at >= 0 && at < end; at = text.indexOf(name, at + name.length)) {
    if (isIdentifierChar(text.charCodeAt(at - 1)) || isIdentifierChar(text.charCodeAt(at + name.length))) continue;
    const n = nodeAt(root, at);
    // An identifier in a top-level function nobody has looked into yet has no parent links: it is not followed.
    if (!ts.isIdentifier(n) || n.text !== name || !n.parent) continue;
    if (!(ts.isPropertyAccessExpression(n.parent) && n.parent.name === n) && !(ts.isPropertyAssignment(n.parent) && n.parent.name === n) && scopes.declarationOf(n) === decl) out.push(n);
  }
  return out;
}

function isIdentifierChar(code: number): boolean {
  return !Number.isNaN(code) && ts.isIdentifierPart(code, ts.ScriptTarget.Latest);
}

/** `ns.exit();` (or `this.ns.exit();`): the script ends there. */
export function endsScript(stmt: ts.Statement): boolean {
  if (!ts.isExpressionStatement(stmt)) return false;
  const e = unwrap(stmt.expression);
  if (!ts.isCallExpression(e) || !ts.isPropertyAccessExpression(e.expression) || e.expression.name.text !== 'exit') return false;
  const receiver = unwrap(e.expression.expression);
  return (ts.isIdentifier(receiver) && receiver.text === 'ns') || (ts.isPropertyAccessExpression(receiver) && receiver.name.text === 'ns');
}

export function hasExportModifier(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.ExportKeyword);
}

export function isDefaultExport(node: ts.Node): boolean {
  return ts.canHaveModifiers(node) && !!ts.getModifiers(node)?.some((m) => m.kind === ts.SyntaxKind.DefaultKeyword);
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

