import { relative } from 'node:path';
import * as vscode from 'vscode';
import type { PortMapEntry, PortRole, PortUse } from '../../core/port-view/port-map';

export type PortMapNode = { kind: 'port'; entry: PortMapEntry } | { kind: 'use'; use: PortUse; port: number };

const ROLE_ORDER: PortRole[] = ['writer', 'consumer', 'peeker', 'waiter', 'clearer'];
const ROLE_ICON: Record<PortRole, string> = { writer: 'arrow-up', consumer: 'arrow-down', peeker: 'eye', waiter: 'watch', clearer: 'clear-all' };

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** Counts per role, e.g. "2 writers, 1 consumer"; `short`: a count only above one ("2 writers, consumer"), for a row. */
export function roleSummary(uses: PortUse[], short = false): string {
  return ROLE_ORDER.map((r) => [r, uses.filter((u) => u.role === r).length] as const)
    .filter(([, n]) => n > 0)
    .map(([r, n]) => (short && n === 1 ? r : plural(n, r)))
    .join(', ');
}

export function useLabel(use: PortUse): string {
  const folder = vscode.workspace.getWorkspaceFolder(vscode.Uri.file(use.file));
  return `${folder ? relative(folder.uri.fsPath, use.file) : use.file}:${use.line}`;
}

/** The Port Map view: each port the workspace's scripts use, and who writes, reads, peeks, waits on or clears it. */
export class PortMapTree implements vscode.TreeDataProvider<PortMapNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;

  constructor(readonly entries: () => PortMapEntry[]) {}

  refresh(): void {
    this.changed.fire();
  }

  getChildren(node?: PortMapNode): PortMapNode[] {
    if (!node) return this.entries().map((entry) => ({ kind: 'port', entry }));
    if (node.kind === 'port') return [...node.entry.uses].sort((a, b) => ROLE_ORDER.indexOf(a.role) - ROLE_ORDER.indexOf(b.role) || a.file.localeCompare(b.file) || a.line - b.line).map((use) => ({ kind: 'use', use, port: node.entry.port }));
    return [];
  }

  getTreeItem(node: PortMapNode): vscode.TreeItem {
    if (node.kind === 'port') {
      // A short label and description (a narrow side bar cuts rows off); the whole story is in the tooltip.
      const { port, uses, messageTypes } = node.entry;
      const item = new vscode.TreeItem(`Port ${port}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.description = roleSummary(uses, true);
      const files = [...new Set(uses.map(useLabel))];
      item.tooltip = new vscode.MarkdownString(`**Port ${port}**: ${roleSummary(uses)}${messageTypes.length ? `\n\nMessage types: ${messageTypes.map((t) => `\`${t}\``).join(', ')}` : ''}\n\n${files.map((f) => `- ${f}`).join('\n')}`);
      item.contextValue = 'portMapPort';
      item.iconPath = new vscode.ThemeIcon('symbol-constant');
      return item;
    }
    const { use } = node;
    const item = new vscode.TreeItem(use.role, vscode.TreeItemCollapsibleState.None);
    item.description = useLabel(use);
    item.tooltip = `${use.role} of port ${node.port} at ${useLabel(use)}:${use.column}: click to go there`;
    item.iconPath = new vscode.ThemeIcon(ROLE_ICON[use.role]);
    item.contextValue = 'portMapUse';
    const position = new vscode.Position(use.line - 1, use.column - 1);
    item.command = { command: 'vscode.open', title: 'Go to use', arguments: [vscode.Uri.file(use.file), { selection: new vscode.Range(position, position) }] };
    return item;
  }

  dispose(): void {
    this.changed.dispose();
  }
}
