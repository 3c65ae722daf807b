import * as vscode from 'vscode';
import type { PortsContext } from '../context';
import { childrenOf, treeItemOf, type PortsNode } from './nodes';

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

  constructor(private readonly ctx: PortsContext) {}

  getTreeItem(node: PortsNode): vscode.TreeItem {
    return treeItemOf(node);
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

  refreshNow(): void {
    clearTimeout(this.timer);
    this.timer = undefined;
    this.changed.fire(undefined);
  }

  dispose(): void {
    this.setWatching(false);
    clearTimeout(this.timer);
    this.changed.dispose();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.refreshNow(), REFRESH_MS);
  }
}

export function registerPortsView(ctx: PortsContext): void {
  const tree = new PortsTree(ctx);
  const view = vscode.window.createTreeView('bitburnerPorts.ports', { treeDataProvider: tree, showCollapseAll: true });
  ctx.track(view, tree);
  ctx.track(view.onDidChangeVisibility((e) => tree.setWatching(e.visible)));
  ctx.track(ctx.onDidChangeSources(() => tree.setWatching(view.visible)));
  if (view.visible) tree.setWatching(true);
  ctx.portsTree = tree;
}
