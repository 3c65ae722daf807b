import ts from 'typescript';

/** A module's global scope is this key; each outermost function declaration `f` is `<module>.f`. */
const GLOBAL = '.__GLOBAL__';
const DEFAULT_EXPORT = '__SPECIAL_DEFAULT_EXPORT__';
/** Names every object inherits: the game never treats them as references. */
const INHERITED = new Set(Object.getOwnPropertyNames(Object.prototype));

export interface ModuleReferences {
  /** `<module>.__GLOBAL__` and `<module>.<function>` mapped to what each refers to. */
  refs: Map<string, Set<string>>;
  /** Modules to read next: imports resolved to paths, re-export sources as written (as the game does). */
  imports: string[];
  /** Each referenced name and the 1-based lines it is referenced on: what a hover shows for a charged function. */
  lines: Map<string, number[]>;
}

export class ScriptSyntaxError extends Error {}

/**
 * What one script refers to, as the game's RAM check sees it (it walks an acorn AST with acorn-walk): every identifier
 * read as an expression, including the property name in `a.b` (also as an assignment target) and the value of
 * `{ b }`; never declared names, parameters, destructuring or assignment targets, object/class keys, labels,
 * import/export specifiers or private names. A reference is recorded three ways, like the game: the bare name (matched
 * against ns functions), `<module>.<name>` (a function of the same module) and, for an imported binding,
 * `<import path>.<imported name>`. `modulePath` is the script's path on its server.
 */
export function scriptReferences(code: string, modulePath: string): ModuleReferences {
  const file = ts.createSourceFile('script.js', code, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  // The game's parser rejects what is not plain JavaScript; the syntactic check reports that (types in a .js file
  // too). A one-file program over the parsed file does it without the emit transpileModule would add (5x the time).
  const syntax = syntacticProblems(file);
  if (syntax.length) throw new ScriptSyntaxError(ts.flattenDiagnosticMessageText(syntax[0]!.messageText, '\n'));

  const globalKey = modulePath + GLOBAL;
  const refs = new Map<string, Set<string>>([[globalKey, new Set()]]);
  const imports: string[] = [];
  const lines = new Map<string, number[]>();
  const importedAs = new Map<string, string>();
  const refsOf = (key: string) => refs.get(key) ?? refs.set(key, new Set()).get(key)!;
  const addRef = (key: string, name: string, module = modulePath) => {
    const set = refsOf(key);
    const external = importedAs.get(name);
    if (external !== undefined) set.add(external);
    set.add(`${module}.${name}`);
    set.add(name);
  };

  const visit = (node: ts.Node, key: string): void => {
    if (ts.isImportDeclaration(node)) {
      const written = (node.moduleSpecifier as ts.StringLiteral).text;
      const source = importPath(written, modulePath);
      if (source === undefined) throw new ScriptSyntaxError(`import "${written}" in ${modulePath} is not a script path`);
      imports.push(source);
      refsOf(key).add(source + GLOBAL);
      const bindings = node.importClause?.namedBindings;
      // A default or namespace import depends on the whole module; named ones on the names.
      if (node.importClause?.name || (bindings && ts.isNamespaceImport(bindings))) refsOf(key).add(`${source}.*`);
      if (bindings && ts.isNamedImports(bindings)) {
        for (const spec of bindings.elements) importedAs.set(spec.name.text, `${source}.${(spec.propertyName ?? spec.name).text}`);
      }
      return;
    }
    if (ts.isExportDeclaration(node) && node.exportClause && ts.isNamedExports(node.exportClause)) {
      // `export { a as b }` makes `<module>.b` depend on a; with `from "x"`, on x's a (x read as written, unresolved).
      const from = node.moduleSpecifier && (node.moduleSpecifier as ts.StringLiteral).text;
      if (from !== undefined) imports.push(from);
      for (const spec of node.exportClause.elements) {
        const local = (spec.propertyName ?? spec.name).text;
        if (from !== undefined) addRef(`${modulePath}.${spec.name.text}`, local, from);
        else if (local !== spec.name.text) addRef(`${modulePath}.${spec.name.text}`, local);
      }
      return;
    }
    if (ts.isFunctionDeclaration(node) && key === globalKey) {
      key = `${modulePath}.${node.name ? node.name.text : DEFAULT_EXPORT}`;
      refsOf(key);
    }
    if (ts.isIdentifier(node) && isReference(node) && !INHERITED.has(node.text)) {
      addRef(key, node.text);
      const line = file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1;
      const at = lines.get(node.text);
      if (!at) lines.set(node.text, [line]);
      else if (at[at.length - 1] !== line) at.push(line);
    }
    ts.forEachChild(node, (child) => visit(child, key));
  };
  visit(file, globalKey);
  return { refs, imports, lines };
}

const OPTIONS: ts.CompilerOptions = { allowJs: true, noLib: true, noResolve: true, types: [] };

function syntacticProblems(file: ts.SourceFile): readonly ts.Diagnostic[] {
  const host: ts.CompilerHost = {
    getSourceFile: (name) => (name === file.fileName ? file : undefined),
    getDefaultLibFileName: () => 'lib.d.ts',
    writeFile: () => {},
    getCurrentDirectory: () => '/',
    getCanonicalFileName: (f) => f,
    useCaseSensitiveFileNames: () => true,
    getNewLine: () => '\n',
    fileExists: (f) => f === file.fileName,
    readFile: () => undefined,
  };
  return ts.createProgram([file.fileName], OPTIONS, host).getSyntacticDiagnostics(file);
}

/**
 * Where the game finds an import: `.js` appended unless there; a path with `./` or `../` segments is relative to the
 * importing script's folder, any other from the server's root (a leading `/` dropped). Undefined if not a valid path.
 */
function importPath(written: string, importer: string): string | undefined {
  const path = written.endsWith('.js') ? written : `${written}.js`;
  const relative = /(?:^|\/)\.{1,2}\//.test(path);
  const parts = relative ? importer.split('/').slice(0, -1) : [];
  const segments = (relative ? path : path.replace(/^\//, '')).split('/');
  const name = segments.pop()!;
  for (const segment of segments) {
    if (!VALID_NAME.test(segment) && !(relative && (segment === '.' || segment === '..'))) return undefined;
    if (segment === '..') {
      if (!parts.length) return undefined;
      parts.pop();
    } else if (segment !== '.') parts.push(segment);
  }
  return FILE_NAME.test(name) ? [...parts, name].join('/') : undefined;
}
/** A folder name the game accepts: none of / * ? [ ] ! \ ~ | # quotes or whitespace; a file name also has `name.ext`. */
const VALID_NAME = /^[^/*?[\]!\\~|#"'\s]+$/;
const FILE_NAME = /^[^/*?[\]!\\~|#"'\s]+\.[^/*?[\]!\\~|#"'\s]+$/;

/** Whether acorn-walk would hand this identifier to the game's Identifier visitor. */
function isReference(id: ts.Identifier): boolean {
  const parent = id.parent;
  // Member expressions are walked even as assignment targets: `a.exec = 1` is charged for exec.
  if (ts.isPropertyAccessExpression(parent)) return true;
  if (ts.isShorthandPropertyAssignment(parent)) return parent.objectAssignmentInitializer === id || !inPattern(parent);
  if (ts.isPropertyAssignment(parent)) return parent.initializer === id && !inPattern(id);
  if (ts.isBindingElement(parent) || ts.isParameter(parent) || ts.isVariableDeclaration(parent)) return parent.initializer === id;
  if (ts.isPropertyDeclaration(parent)) return parent.initializer === id;
  // The name of a function, class or method is not walked; an arrow function's expression body is.
  if (ts.isFunctionLike(parent) || ts.isClassLike(parent)) return parent.name !== id;
  if (ts.isLabeledStatement(parent) || ts.isBreakOrContinueStatement(parent) || ts.isMetaProperty(parent)) return false;
  if (ts.isImportClause(parent) || ts.isImportSpecifier(parent) || ts.isNamespaceImport(parent)) return false;
  if (ts.isExportSpecifier(parent) || ts.isImportAttribute(parent)) return false;
  if (ts.isNamespaceExport(parent)) return true; // acorn-walk visits the name in `export * as name from …`
  if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return true; // a bare `for (x of …)` target is walked as an expression
  return !inPattern(id);
}

/**
 * Whether an expression is (inside) the target of an assignment: acorn makes it a pattern, whose plain identifiers
 * are never walked (member expressions in it still are). Every assignment operator counts, `+=` included.
 */
function inPattern(node: ts.Node): boolean {
  let child = node;
  for (let parent = node.parent; parent; child = parent, parent = parent.parent) {
    if (ts.isParenthesizedExpression(parent) || ts.isArrayLiteralExpression(parent) || ts.isSpreadElement(parent)) continue;
    if (ts.isObjectLiteralExpression(parent) || ts.isSpreadAssignment(parent)) continue;
    if (ts.isPropertyAssignment(parent)) {
      if (parent.initializer !== child) return false;
      continue;
    }
    if (ts.isShorthandPropertyAssignment(parent)) {
      if (parent.name !== child) return false;
      continue;
    }
    if (ts.isBinaryExpression(parent) && isAssignment(parent.operatorToken.kind)) return parent.left === child;
    if (ts.isForInStatement(parent) || ts.isForOfStatement(parent)) return parent.initializer === child && child !== node;
    return false;
  }
  return false;
}

function isAssignment(kind: ts.SyntaxKind): boolean {
  return kind >= ts.SyntaxKind.FirstAssignment && kind <= ts.SyntaxKind.LastAssignment;
}
