import ts from 'typescript';

export const DEFINITIONS_FILE = 'NetscriptDefinitions.d.ts';
export const GLOBALS_FILE = 'NetscriptGlobals.d.ts';
const CONFIG_NAMES = ['jsconfig.json', 'tsconfig.json'];

/**
 * A declaration that makes the game's exported types global (`NS`, `NetscriptPort`, …), so `@param {NS} ns` in a
 * .js script and `ns: NS` in a .ts one resolve without an import. It refers to the definitions beside it, so a new
 * fetch of the definitions needs no new globals unless the game exports new names.
 */
export function globalsDeclaration(definitions: string): string {
  const file = ts.createSourceFile(DEFINITIONS_FILE, definitions, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const lines: string[] = [];
  for (const node of file.statements) {
    if (!isExportedType(node)) continue;
    const params = node.typeParameters ?? [];
    const decl = params.length ? `<${params.map((p) => p.getText(file)).join(', ')}>` : '';
    const args = params.length ? `<${params.map((p) => p.name.text).join(', ')}>` : '';
    lines.push(`  type ${node.name.text}${decl} = Game.${node.name.text}${args};`);
  }
  return [
    '// Written by Bitburner Ports beside the game\'s NetscriptDefinitions.d.ts: its exported types as globals, for',
    '// `/** @param {NS} ns */` in .js scripts and `ns: NS` in .ts ones. Safe to delete; written again on the next fetch.',
    "import type * as Game from './NetscriptDefinitions';",
    '',
    'declare global {',
    ...lines,
    '}',
    '',
    'export {};',
    '',
  ].join('\n');
}

type NamedType = (ts.InterfaceDeclaration | ts.TypeAliasDeclaration | ts.EnumDeclaration | ts.ClassDeclaration) & { name: ts.Identifier; typeParameters?: ts.NodeArray<ts.TypeParameterDeclaration> };

function isExportedType(node: ts.Statement): node is NamedType {
  const kinds = ts.isInterfaceDeclaration(node) || ts.isTypeAliasDeclaration(node) || ts.isEnumDeclaration(node) || ts.isClassDeclaration(node);
  return kinds && node.name !== undefined && (ts.getCombinedModifierFlags(node) & ts.ModifierFlags.Export) !== 0;
}

/** The jsconfig the tool writes when the folder has none: both files, .js checked, `/lib/x.js` from the root. */
export function newJsconfig(): string {
  const config = {
    compilerOptions: { module: 'esnext', moduleResolution: 'bundler', target: 'esnext', allowJs: true, checkJs: true, paths: { '/*': ['./*'] } },
    include: ['**/*.js', '**/*.ts', DEFINITIONS_FILE, GLOBALS_FILE],
    exclude: ['node_modules'],
  };
  return `${JSON.stringify(config, null, 2)}\n`;
}

export type ConfigStep =
  /** No config in the folder: write this jsconfig.json. */
  | { kind: 'write'; file: string; content: string }
  /** The player's own config already covers both files and root-absolute imports. */
  | { kind: 'fine'; file: string }
  /** The player's own config lacks something: never rewritten, this says what to add. */
  | { kind: 'advise'; file: string; missing: string[] };

/**
 * What to do about the folder's config, given the configs it has (name → text). A player's config is read with the
 * compiler's own JSON-with-comments parser, never written.
 */
export function configStep(existing: ReadonlyMap<string, string>): ConfigStep {
  const name = CONFIG_NAMES.find((n) => existing.has(n));
  if (name === undefined) return { kind: 'write', file: 'jsconfig.json', content: newJsconfig() };
  const parsed = ts.parseConfigFileTextToJson(name, existing.get(name) as string);
  if (parsed.error) return { kind: 'advise', file: name, missing: [`fix the JSON of ${name} (${ts.flattenDiagnosticMessageText(parsed.error.messageText, ' ')}), then add the settings below`, ...everything()] };
  const config = (parsed.config ?? {}) as { include?: unknown; files?: unknown; compilerOptions?: { paths?: Record<string, unknown>; checkJs?: unknown } };
  const listed = [...asList(config.include), ...asList(config.files)];
  const missing: string[] = [];
  // No include and no files means "everything in the folder", which covers both .d.ts files.
  const coversAll = config.include === undefined && config.files === undefined;
  for (const f of [DEFINITIONS_FILE, GLOBALS_FILE]) if (!coversAll && !listed.some((p) => covers(p, f))) missing.push(`"include": add "${f}"`);
  if (!config.compilerOptions?.paths || !('/*' in config.compilerOptions.paths)) missing.push(`"compilerOptions": { "paths": { "/*": ["./*"] } } (root-absolute imports such as /lib/x.js)`);
  if (name === 'jsconfig.json' ? config.compilerOptions?.checkJs === false : config.compilerOptions?.checkJs !== true) missing.push(`"compilerOptions": { "checkJs": true } (type errors in .js scripts)`);
  return missing.length ? { kind: 'advise', file: name, missing } : { kind: 'fine', file: name };
}

function everything(): string[] {
  return [`"include": add "${DEFINITIONS_FILE}" and "${GLOBALS_FILE}"`, `"compilerOptions": { "paths": { "/*": ["./*"] }, "checkJs": true }`];
}

function asList(v: unknown): string[] {
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

/** Whether an include pattern names the file: itself, or a `*`/`**` pattern whose extension matches. */
function covers(pattern: string, file: string): boolean {
  const p = pattern.replace(/^\.\//, '');
  if (p === file || p === '**/*' || p === '*') return true;
  return /^(\*\*\/)?\*\.(d\.)?ts$/.test(p);
}
