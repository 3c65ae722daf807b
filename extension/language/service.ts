import { join } from 'node:path';
import * as vscode from 'vscode';
import type * as Language from '../../language';
import type { PortsContext } from '../context';
import { toVscodeDiagnostic, type FixStore } from './diagnostics';
import { TypeChecks } from './type-worker';

type LanguageModule = typeof Language;

const DEBOUNCE_MS = 200;
const SCRIPTS = '**/*.{js,ts,jsx,tsx}';
const EXCLUDE = '**/{node_modules,dist,out,.git}/**';
const LANGUAGES = new Set(['javascript', 'typescript', 'javascriptreact', 'typescriptreact']);

export function isScript(doc: vscode.TextDocument): boolean {
  return doc.uri.scheme === 'file' && LANGUAGES.has(doc.languageId) && !doc.fileName.endsWith('.d.ts');
}

/**
 * The running linter: indexes the workspace's scripts once, then re-lints an edited file (debounced) and the files
 * it affects, publishing into one DiagnosticCollection. Built on first need; loads dist/language.js (with the
 * TypeScript compiler) only then.
 */
export class LanguageService implements vscode.Disposable {
  readonly workspace: Language.LintWorkspace;
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private readonly timers = new Map<string, NodeJS.Timeout>();
  private readonly disposables: vscode.Disposable[] = [];
  /** Files with diagnostics published, so a file that became clean gets cleared. */
  private readonly published = new Set<string>();
  private readonly types: TypeChecks;

  private constructor(
    private readonly ctx: PortsContext,
    private readonly language: LanguageModule,
    private readonly collection: vscode.DiagnosticCollection,
    readonly fixes: FixStore,
  ) {
    this.workspace = new language.LintWorkspace({ root: lintRoot() });
    this.types = new TypeChecks(join(ctx.extension.extensionPath, 'dist', 'language.js'), this.workspace, (files) => this.publish(files), ctx.log);
    this.applySettings();
  }

  static async start(ctx: PortsContext, collection: vscode.DiagnosticCollection, fixes: FixStore): Promise<LanguageService> {
    // Never inside activate(): loading the TypeScript compiler waits until activation has returned.
    await new Promise((resolve) => setImmediate(resolve));
    const language = require(join(ctx.extension.extensionPath, 'dist', 'language.js')) as LanguageModule;
    const service = new LanguageService(ctx, language, collection, fixes);
    await service.index();
    return service;
  }

  private async index(): Promise<void> {
    const started = Date.now();
    const uris = await vscode.workspace.findFiles(SCRIPTS, EXCLUDE);
    const open = new Map(vscode.workspace.textDocuments.filter(isScript).map((d) => [d.uri.fsPath, d.getText()]));
    for (const uri of uris) {
      if (uri.fsPath.endsWith('.d.ts') || open.has(uri.fsPath)) continue;
      try {
        this.put(uri.fsPath, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch (error) {
        this.ctx.log.warn(`lint: could not read ${uri.fsPath}: ${error instanceof Error ? error.message : String(error)}`);
      }
    }
    for (const [file, text] of open) this.put(file, text);
    for (const [file, error] of this.workspace.failures) this.ctx.log.error(`lint: ${file} could not be analysed (${error}); it shows no port findings until it changes. Please report this bug.`);
    this.publish(this.workspace.fileNames());
    this.types.schedule(this.workspace.fileNames());
    this.ctx.log.info(`lint: indexed ${this.workspace.fileNames().length} scripts in ${Date.now() - started} ms`);

    const watcher = vscode.workspace.createFileSystemWatcher(SCRIPTS);
    const fromDisk = async (uri: vscode.Uri) => {
      if (vscode.workspace.textDocuments.some((d) => d.uri.fsPath === uri.fsPath) || uri.fsPath.endsWith('.d.ts')) return;
      try {
        this.lint(uri.fsPath, new TextDecoder().decode(await vscode.workspace.fs.readFile(uri)));
      } catch {
        this.forget(uri.fsPath);
      }
    };
    this.disposables.push(
      watcher,
      watcher.onDidCreate(fromDisk),
      watcher.onDidChange(fromDisk),
      watcher.onDidDelete((uri) => this.forget(uri.fsPath)),
      vscode.workspace.onDidOpenTextDocument((d) => isScript(d) && this.lint(d.fileName, d.getText())),
      vscode.workspace.onDidChangeTextDocument((e) => isScript(e.document) && this.schedule(e.document)),
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('bitburnerPorts.lint')) {
          this.applySettings();
          this.publish(this.workspace.fileNames());
        }
      }),
    );
  }

  private schedule(doc: vscode.TextDocument): void {
    const file = doc.fileName;
    clearTimeout(this.timers.get(file));
    this.timers.set(
      file,
      setTimeout(() => {
        this.timers.delete(file);
        this.lint(file, doc.getText());
      }, DEBOUNCE_MS),
    );
  }

  /** Lints one file now (and what it affects). Also what the debounce ends in. */
  lint(file: string, text: string): void {
    const before = this.workspace.fileNames().includes(file) ? this.workspace.affectedBy(file) : [];
    this.put(file, text);
    const failure = this.workspace.failures.get(file);
    if (failure) this.ctx.log.error(`lint: ${file} could not be analysed (${failure}); it shows no port findings until it changes. Please report this bug.`);
    const affected = [...new Set([...before, ...this.workspace.affectedBy(file)])];
    this.publish(affected);
    this.types.schedule(affected);
  }

  /** A file's new text, for the fast lint and the type-aware worker's copy. */
  private put(file: string, text: string): void {
    this.workspace.update(file, text);
    this.types.update(file, text);
  }

  private forget(file: string): void {
    const affected = this.workspace.affectedBy(file);
    this.workspace.remove(file);
    this.types.remove(file);
    this.publish(affected);
  }

  private applySettings(): void {
    const raw = vscode.workspace.getConfiguration('bitburnerPorts.lint').get<unknown>('rules');
    const { settings, problems } = this.language.parseRuleSettings(raw, 'Setting "bitburnerPorts.lint.rules"');
    for (const p of problems) this.ctx.warn(p);
    this.workspace.rules = settings;
  }

  private publish(files: string[]): void {
    const byFile = new Map<string, vscode.Diagnostic[]>(files.map((f) => [f, []]));
    for (const file of files) {
      for (const d of this.workspace.diagnostics(file)) byFile.get(file)!.push(toVscodeDiagnostic(d, this.workspace, this.ctx.extension.extensionUri, this.fixes));
    }
    for (const [file, list] of byFile) {
      const uri = vscode.Uri.file(file);
      if (list.length || this.published.has(file)) this.collection.set(uri, list);
      if (list.length) this.published.add(file);
      else this.published.delete(file);
    }
    this.changed.fire();
  }

  dispose(): void {
    for (const t of this.timers.values()) clearTimeout(t);
    this.types.dispose();
    for (const d of this.disposables) d.dispose();
    this.changed.dispose();
  }
}

/** The game's root for `/lib/x.js` imports: the setting, relative to the first workspace folder, or that folder. */
function lintRoot(): string {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath ?? process.cwd();
  const setting = vscode.workspace.getConfiguration('bitburnerPorts.lint').get<string>('root', '');
  return setting ? join(folder, setting) : folder;
}
