import { relative } from 'node:path';
import ts from 'typescript';
import type { Finding } from './diagnostic';
import type { ConstructedWrite, FileFacts } from './file-analysis';
import { parse } from './file-analysis';
import { FileContext } from './file-context';
import { constructionsOf, hasExportModifier, isDefaultExport } from './syntax';
import { instanceReason, uncloneableFinding, uncloneableReason, type CloneScope } from './written-values';

/** What the construction checks read of the workspace. */
export interface Modules {
  root: string;
  files: ReadonlyMap<string, FileFacts>;
  /** The file an import names (LintWorkspace.resolveModuleLoosely). */
  resolveModule(from: string, spec: string): string | undefined;
}

const stem = (file: string) => file.replace(/\.(js|jsx|ts|tsx)$/, '');

/**
 * Writes of a value an exported class takes in its constructor (`this.port.write(this.obj)`), checked against the
 * `new` of that class in other files: what they pass, and, for an instance of a class they import, what that class
 * holds. Only the few files that construct such a class are parsed again, and each only once per version.
 */
export class ConstructionSites {
  private readonly scopes = new WeakMap<FileFacts, CloneScope>();

  constructor(private readonly modules: Modules) {}

  /** The finding for a constructed write, if some other file passes what cannot be cloned. */
  finding(file: string, write: ConstructedWrite): Finding | undefined {
    const pattern = new RegExp(`\\bnew\\s+${write.className.replace(/\$/g, '\\$')}\\s*\\(`);
    for (const [other, facts] of this.modules.files) {
      if (other === file || !pattern.test(facts.text)) continue;
      const scope = this.scopeOf(other)!;
      for (const site of constructionsOf(write.className, scope.source, scope.links)) {
        const v = scope.evaluator.evaluate(site.expression);
        // The class's own file, or its compiled copy beside it (service.js for service.ts): the same module.
        const target = v.kind === 'import' && v.name === write.exportedAs && !v.path.length ? this.modules.resolveModule(other, v.module) : undefined;
        if (!target || stem(target) !== stem(file)) continue;
        const arg = site.arguments?.[write.param];
        const reason = arg && uncloneableReason(arg, scope);
        if (!reason) continue;
        const line = scope.source.getLineAndCharacterOfPosition(site.getStart(scope.source)).line + 1;
        const where = relative(this.modules.root, other).split('\\').join('/');
        return uncloneableFinding(write, `${reason}, passed to new ${write.className}() in ${where}:${line}`);
      }
    }
    return undefined;
  }

  /** A file's tree and the clone checks' view of it, kept while its text stays the same. */
  private scopeOf(file: string): CloneScope | undefined {
    const facts = this.modules.files.get(file);
    if (!facts) return undefined;
    let scope = this.scopes.get(facts);
    if (!scope) {
      const ctx = new FileContext(file, parse(file, facts.text));
      const own: CloneScope = ctx.cloneScope({ importedInstance: (name) => this.importedInstance(file, own, name) });
      scope = own;
      this.scopes.set(facts, scope);
    }
    return scope;
  }

  /** Why an instance of a class `file` imports cannot be cloned, read in the file that declares it. */
  private importedInstance(file: string, scope: CloneScope, name: ts.Identifier): string | undefined {
    const v = scope.evaluator.evaluate(name);
    const target = v.kind === 'import' && !v.path.length ? this.modules.resolveModule(file, v.module) : undefined;
    const targetScope = target && this.scopeOf(target);
    if (!targetScope || v.kind !== 'import') return undefined;
    for (const s of targetScope.source.statements) {
      if (!ts.isClassDeclaration(s) || !s.name || !hasExportModifier(s) || (isDefaultExport(s) ? 'default' : s.name.text) !== v.name) continue;
      targetScope.links.link(s);
      return instanceReason(s, targetScope, 1);
    }
    return undefined;
  }
}
