import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import ts from 'typescript';
import { scriptKind } from '../file-analysis';
import type { LintWorkspace } from '../workspace';

/** The game's types as the editor sets them up (core/types): loaded into the program too, when they are in the root. */
const TYPES_FILES = ['NetscriptDefinitions.d.ts', 'NetscriptGlobals.d.ts'];

const OPTIONS: ts.CompilerOptions = {
  allowJs: true,
  checkJs: false,
  noEmit: true,
  target: ts.ScriptTarget.ES2022,
  module: ts.ModuleKind.ESNext,
  lib: ['lib.es2022.d.ts'],
  types: [],
  skipLibCheck: true,
  noResolve: false,
};

/**
 * Where the standard library's .d.ts files are: beside the bundle (the build copies them to dist/typescript-lib, since
 * the compiler bundled into dist/language.js looks beside itself), else in the typescript package (tests, tsx).
 */
function libDirectory(): string {
  const beside = dirname(ts.getDefaultLibFilePath(OPTIONS));
  const bundled = join(beside, 'typescript-lib');
  return existsSync(bundled) ? bundled : beside;
}

/**
 * A TypeScript language service over the lint workspace's files, for the type-aware checks. Imports resolve exactly
 * as the syntax pass resolves them (root-absolute `/lib/x.js` included). Built on first use; between uses it reuses
 * every unchanged file's tree, so only edited files are parsed again.
 */
export class TypeProgram {
  private readonly service: ts.LanguageService;
  private readonly versions = new Map<string, { text: string; version: number }>();
  private readonly libDir = libDirectory();
  private readonly libTexts = new Map<string, string | undefined>();
  private readonly typesTexts = new Map<string, { stamp: number; text: string }>();

  constructor(private readonly ws: LintWorkspace) {
    const host: ts.LanguageServiceHost = {
      getCompilationSettings: () => OPTIONS,
      getScriptFileNames: () => this.rootFiles(),
      getScriptVersion: (file) => String(this.versionOf(file)),
      getScriptSnapshot: (file) => {
        const text = this.textOf(file);
        return text === undefined ? undefined : ts.ScriptSnapshot.fromString(text);
      },
      getScriptKind: (file) => scriptKind(file),
      getCurrentDirectory: () => this.ws.root,
      getDefaultLibFileName: () => join(this.libDir, 'lib.es2022.d.ts'),
      fileExists: (file) => this.textOf(file) !== undefined,
      readFile: (file) => this.textOf(file),
      resolveModuleNameLiterals: (literals, containingFile) =>
        literals.map((literal) => {
          const found = this.ws.resolveModule(containingFile, literal.text) ?? this.typesImport(containingFile, literal.text);
          return { resolvedModule: found ? { resolvedFileName: found, extension: found.slice(found.lastIndexOf('.')) as ts.Extension, isExternalLibraryImport: false } : undefined };
        }),
    };
    this.service = ts.createLanguageService(host, ts.createDocumentRegistry());
  }

  /**
   * The program's root files: those with something to check; what they import comes in through module resolution.
   * The game's definitions and globals join them, so checks see `NS` types.
   */
  rootFiles(): string[] {
    return [...this.ws.fileNames().filter((f) => this.ws.facts(f)!.typeCandidates.length), ...this.typesFiles()];
  }

  /** The game's definitions and their globals in the root, when there (the globals make `@param {NS} ns` resolve). */
  private typesFiles(): string[] {
    return TYPES_FILES.map((name) => join(this.ws.root, name)).filter((file) => existsSync(file));
  }

  /** The globals file's `import type * as Game from './NetscriptDefinitions'`. */
  private typesImport(from: string, spec: string): string | undefined {
    const file = join(dirname(from), `${spec.replace(/\.d\.ts$|\.js$/, '')}.d.ts`);
    return this.typesFiles().includes(file) ? file : undefined;
  }

  /** The current program (brought up to date with the workspace) and its checker. */
  program(): { program: ts.Program; checker: ts.TypeChecker } {
    const program = this.service.getProgram()!;
    return { program, checker: program.getTypeChecker() };
  }

  private textOf(file: string): string | undefined {
    const facts = this.ws.facts(file);
    if (facts) return facts.text;
    if (TYPES_FILES.some((name) => file === join(this.ws.root, name))) return this.typesText(file);
    if (!file.startsWith(this.libDir)) return undefined;
    if (!this.libTexts.has(file)) this.libTexts.set(file, existsSync(file) ? readFileSync(file, 'utf8') : undefined);
    return this.libTexts.get(file);
  }

  /** Read again only when the file changed on disk (a new fetch): the definitions are about 0.4 MB. */
  private typesText(file: string): string | undefined {
    if (!existsSync(file)) return undefined;
    const stamp = statSync(file).mtimeMs;
    const known = this.typesTexts.get(file);
    if (known?.stamp === stamp) return known.text;
    const text = readFileSync(file, 'utf8');
    this.typesTexts.set(file, { stamp, text });
    return text;
  }

  private versionOf(file: string): number {
    const text = this.textOf(file) ?? '';
    const known = this.versions.get(file);
    if (known?.text === text) return known.version;
    const version = (known?.version ?? 0) + 1;
    this.versions.set(file, { text, version });
    return version;
  }

  dispose(): void {
    this.service.dispose();
  }
}
