import * as vscode from 'vscode';
import { NewPorts } from '../../core/port-view/new-ports';
import type { PortsContext } from '../context';
import { childrenOf, portOfNode, treeItemOf, type PortsNode } from './nodes';
import { suggestPort } from './port-input';

const REFRESH_MS = 100;

/**
 * The Ports view: one root per port source. It listens to the sources only while visible, and turns a burst of
 * port events into at most one refresh per REFRESH_MS.
 */
export class PortsTree implements vscode.TreeDataProvider<PortsNode> {
  private readonly changed = new vscode.EventEmitter<PortsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private stops: (() => void)[] = [];
  private timer: NodeJS.Timeout | undefined;
  private readonly newPorts = new NewPorts();
  private shownSources = new Set<string>();

  constructor(private readonly ctx: PortsContext) {}

  getTreeItem(node: PortsNode): vscode.TreeItem {
    return treeItemOf(node);
  }

  /** Only ports are revealed (new game ports): their parent is their source's root. */
  getParent(node: PortsNode): PortsNode | undefined {
    return node.kind === 'port' ? { kind: 'source', source: node.source } : undefined;
  }

  getChildren(node?: PortsNode): PortsNode[] {
    if (!node) {
      const { sources } = this.ctx;
      // Nothing but an empty engine: no rows, so the view's welcome text says what to do.
      if (sources.length === 1 && sources[0]!.ports().length === 0) return [];
      return sources.map((source) => ({ kind: 'source', source }));
    }
    return childrenOf(node);
  }

  setWatching(on: boolean): void {
    for (const stop of this.stops) stop();
    this.stops = on ? this.ctx.sources.map((s) => s.watch(() => this.schedule())) : [];
    if (on) this.changed.fire(undefined);
  }

  /** Where the view shows the last command's result (set once the view exists). */
  showResult: (text: string) => void = () => {};

  /** Shows a row without selecting or focusing it (set once the view exists). */
  revealRow: (node: PortsNode) => void = () => {};

  refreshNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.fire(undefined);
    this.revealNewPorts();
  }

  dispose(): void {
    this.setWatching(false);
    clearTimeout(this.timer);
    this.changed.dispose();
  }

  /** A game port that just appeared lands wherever its number sorts, maybe below the fold of a short pane: show it. */
  private revealNewPorts(): void {
    const present = new Set(this.ctx.sources.map((s) => s.id));
    for (const id of this.shownSources) if (!present.has(id)) this.newPorts.forget(id);
    this.shownSources = present;
    for (const source of this.ctx.sources) {
      if (source.id === 'engine') continue;
      const states = source.ports();
      const first = this.newPorts.take(source.id, states.map((s) => s.port))[0];
      const state = states.find((s) => s.port === first);
      if (state) this.revealRow({ kind: 'port', source, state });
    }
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.refreshNow(), REFRESH_MS);
  }
}

export function registerPortsView(ctx: PortsContext): void {
  const tree = new PortsTree(ctx);
  const view = vscode.window.createTreeView('bitburnerPorts.ports', { treeDataProvider: tree, showCollapseAll: true });
  ctx.track(view, tree);
  tree.showResult = (text) => (view.message = text);
  tree.revealRow = (node) => void view.reveal(node, { select: false, focus: false }).then(undefined, () => undefined);
  ctx.track(view.onDidChangeVisibility((e) => tree.setWatching(e.visible)));
  // The selected row's port is the one the next port box offers.
  ctx.track(view.onDidChangeSelection((e) => suggestPort(portOfNode(e.selection[0]))));
  ctx.track(ctx.onDidChangeSources(() => tree.setWatching(view.visible)));
  if (view.visible) tree.setWatching(true);
  ctx.portsTree = tree;
}
