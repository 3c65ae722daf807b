import * as vscode from 'vscode';
import type { PortMapEntry, PortMapProvider } from '../../core/port-view/port-map';
import type { PortsContext } from '../context';
import { suggestPort } from '../ports/port-input';
import { LintActions } from './actions';
import { SOURCE, type FixStore } from './diagnostics';
import { PortHover } from './hover';
import { PortMapTree } from './port-map-view';
import { isScript, LanguageService } from './service';

/** The port map as published on ctx.portMap; it also carries the view's tree, for the integration tests. */
export class PortMapFeed implements PortMapProvider {
  constructor(
    readonly tree: PortMapTree,
    private readonly changed: vscode.Event<void>,
  ) {}

  entries(): PortMapEntry[] {
    return this.tree.entries();
  }

  onDidChange(listener: () => void): () => void {
    const sub = this.changed(listener);
    return () => sub.dispose();
  }
}

const SELECTOR: vscode.DocumentSelector = ['javascript', 'typescript', 'javascriptreact', 'typescriptreact'].map((language) => ({ language, scheme: 'file' }));

/**
 * Port lint while editing, quick fixes, hovers and the Port Map view. Registering costs nothing: the linter (and
 * the TypeScript compiler) loads when a script is open or the Port Map is shown.
 */
export function registerLanguageFeature(ctx: PortsContext): void {
  const collection = vscode.languages.createDiagnosticCollection(SOURCE);
  const fixes: FixStore = new WeakMap();
  let service: LanguageService | undefined;
  let starting: Promise<LanguageService> | undefined;
  const changed = new vscode.EventEmitter<void>();
  const tree = new PortMapTree(() => service?.workspace.portMap() ?? []);
  const view = vscode.window.createTreeView('bitburnerPorts.portMap', { treeDataProvider: tree, showCollapseAll: true });

  const start = (): Promise<LanguageService> => {
    starting ??= LanguageService.start(ctx, collection, fixes).then(
      (s) => {
        service = s;
        ctx.track(s, s.onDidChange(() => changed.fire()));
        changed.fire();
        return s;
      },
      (error: unknown) => {
        ctx.fail('Indexing the workspace for port lint', error);
        throw error;
      },
    );
    return starting;
  };
  const startIfScript = (doc: vscode.TextDocument) => {
    if (isScript(doc)) void start().catch(() => undefined);
  };

  ctx.portMap = new PortMapFeed(tree, changed.event);

  ctx.track(
    collection,
    changed,
    tree,
    view,
    changed.event(() => tree.refresh()),
    vscode.languages.registerCodeActionsProvider(SELECTOR, new LintActions(fixes, () => service?.workspace), LintActions.metadata),
    vscode.languages.registerHoverProvider(SELECTOR, new PortHover(() => service?.workspace)),
    vscode.workspace.onDidOpenTextDocument(startIfScript),
    view.onDidChangeVisibility((e) => e.visible && void start().catch(() => undefined)),
    // The selected row's port is the one the next port box offers.
    view.onDidChangeSelection((e) => suggestPort(e.selection[0] && (e.selection[0].kind === 'port' ? e.selection[0].entry.port : e.selection[0].port))),
    vscode.commands.registerCommand('bitburnerPorts.lintWorkspace', async () => (await start()).workspace.fileNames().length),
  );
  for (const doc of vscode.workspace.textDocuments) startIfScript(doc);
  if (view.visible) void start().catch(() => undefined);
}
