import * as vscode from 'vscode';
import { previewItem } from '../../core/port-view/preview';
import { fillText, type PortSource, type PortState } from '../../core/port-view/source';

export type PortsNode =
  | { kind: 'source'; source: PortSource }
  | { kind: 'port'; source: PortSource; state: PortState }
  | { kind: 'item'; source: PortSource; port: number; index: number; value: unknown }
  | { kind: 'evictions'; source: PortSource; state: PortState }
  | { kind: 'evicted'; source: PortSource; port: number; index: number; value: unknown }
  | { kind: 'note'; source: PortSource; port: number; text: string };

export function childrenOf(node: PortsNode): PortsNode[] {
  switch (node.kind) {
    case 'source':
      return node.source.ports().map((state) => ({ kind: 'port', source: node.source, state }));
    case 'port': {
      const { source, state } = node;
      const items: PortsNode[] = state.items.map((value, index) => ({ kind: 'item', source, port: state.port, index, value }));
      if (!state.complete) items.push({ kind: 'note', source, port: state.port, text: 'only the front item is visible; turn on deep view to see the whole queue' });
      if (state.evicted.length) items.push({ kind: 'evictions', source, state });
      return items;
    }
    case 'evictions':
      return node.state.evicted.map((value, index) => ({ kind: 'evicted', source: node.source, port: node.state.port, index, value }));
    default:
      return [];
  }
}

export function treeItemOf(node: PortsNode): vscode.TreeItem {
  switch (node.kind) {
    case 'source': {
      const item = new vscode.TreeItem(node.source.label, vscode.TreeItemCollapsibleState.Expanded);
      item.id = `source:${node.source.id}`;
      item.description = node.source.status();
      item.contextValue = `source.${node.source.id}`;
      item.iconPath = new vscode.ThemeIcon(node.source.id === 'engine' ? 'server-process' : 'remote');
      return item;
    }
    case 'port': {
      const { state } = node;
      const count = fillText(state);
      const flags = [state.full ? 'full' : state.items.length === 0 ? 'empty' : '', state.evicted.length ? `${state.evicted.length} evicted` : ''].filter(Boolean);
      const item = new vscode.TreeItem(`Port ${state.port}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `port:${node.source.id}:${state.port}`;
      item.description = [count, ...flags].join(' · ');
      item.tooltip = `Port ${state.port} (${node.source.label}): ${count} items${flags.length ? `, ${flags.join(', ')}` : ''}`;
      // `port.<source>[.full]`: menus can target one source's rows (pinning is for game ports only).
      item.contextValue = `port.${node.source.id}${state.full ? '.full' : ''}`;
      item.iconPath = new vscode.ThemeIcon(state.full ? 'warning' : 'inbox', state.full ? new vscode.ThemeColor('list.warningForeground') : undefined);
      return item;
    }
    case 'item': {
      const { type, text } = previewItem(node.value);
      const item = new vscode.TreeItem(`#${node.index}  ${text}`);
      item.description = type;
      item.tooltip = new vscode.MarkdownString().appendCodeblock(previewItem(node.value, 4000).text, 'json');
      item.contextValue = 'item';
      return item;
    }
    case 'evictions': {
      const item = new vscode.TreeItem(`Evicted (${node.state.evicted.length})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `evictions:${node.source.id}:${node.state.port}`;
      item.tooltip = 'Items pushed out by writes to a full port: this data was lost. tryWrite refuses instead of evicting.';
      item.iconPath = new vscode.ThemeIcon('error', new vscode.ThemeColor('errorForeground'));
      return item;
    }
    case 'evicted': {
      const { type, text } = previewItem(node.value);
      const item = new vscode.TreeItem(text);
      item.description = type;
      return item;
    }
    case 'note': {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('info');
      return item;
    }
  }
}
