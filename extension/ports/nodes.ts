import * as vscode from 'vscode';
import { previewItem } from '../../core/port-view/preview';
import { RATE_WINDOW_MS } from '../../core/port-view/rates';
import { portContext, seenText, UNKNOWN_DEPTH } from '../../core/port-view/shallow-view';
import { evictionCount, fillText, rateText, type PortSource, type PortState } from '../../core/port-view/source';

export type PortsNode =
  | { kind: 'source'; source: PortSource }
  | { kind: 'port'; source: PortSource; state: PortState }
  | { kind: 'item'; source: PortSource; port: number; index: number; value: unknown }
  | { kind: 'evictions'; source: PortSource; state: PortState }
  | { kind: 'evicted'; source: PortSource; port: number; index: number; value: unknown }
  | { kind: 'note'; source: PortSource; port: number; text: string };

/** The port a row is about; undefined for a source root (and for no row). */
export function portOfNode(node: PortsNode | undefined): number | undefined {
  if (!node || node.kind === 'source') return undefined;
  return node.kind === 'port' || node.kind === 'evictions' ? node.state.port : node.port;
}

export function childrenOf(node: PortsNode): PortsNode[] {
  switch (node.kind) {
    case 'source':
      return node.source.ports().map((state) => ({ kind: 'port', source: node.source, state }));
    case 'port': {
      const { source, state } = node;
      const items: PortsNode[] = state.items.map((value, index) => ({ kind: 'item', source, port: state.port, index, value }));
      if (!state.complete) items.push({ kind: 'note', source, port: state.port, text: `${UNKNOWN_DEPTH}: only the front item is visible; turn on deep view to see the whole queue` });
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
      const evictions = evictionCount(state);
      const refused = state.totals?.refused ?? 0;
      const flags = [state.full ? 'full' : state.items.length === 0 ? 'empty' : '', evictions ? `${evictions} evicted` : '', refused ? `${refused} refused` : ''].filter(Boolean);
      const item = new vscode.TreeItem(`Port ${state.port}`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `port:${node.source.id}:${state.port}`;
      const seen = seenText(state);
      item.description = [count, ...flags, seen].filter(Boolean).join(' · ');
      const depth = state.complete ? '' : ` ${UNKNOWN_DEPTH[0]!.toUpperCase()}${UNKNOWN_DEPTH.slice(1)}: the bridge sees the front item only${seen ? ` (${seen})` : ''}.`;
      // The rate goes in the tooltip: the description stays short, and steady while the port moves.
      const rates = ratesText(state);
      const moving = rates ? ` ${rates} over the last ${RATE_WINDOW_MS / 1000} seconds.` : '';
      item.tooltip = `Port ${state.port} (${node.source.label}): ${count} items${flags.length ? `, ${flags.join(', ')}` : ''}.${depth}${moving}`;
      // Menus target one source's rows, and a game port's Pin/Unpin and Deep View On/Off by what applies.
      item.contextValue = portContext(node.source.id, state);
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
      const total = evictionCount(node.state);
      const kept = node.state.evicted.length;
      const item = new vscode.TreeItem(`Evicted (${total})`, vscode.TreeItemCollapsibleState.Collapsed);
      item.id = `evictions:${node.source.id}:${node.state.port}`;
      if (kept < total) item.description = `last ${kept} shown`;
      item.tooltip = `Items pushed out by writes to a full port: this data was lost (${total} since ${node.source.id === 'engine' ? 'the engine started' : 'first seen'}). tryWrite refuses instead of evicting.`;
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

/** `20.0/s in, 8.0/s out` while the port moves (the dashboard's numbers); empty when still or unmeasured. */
function ratesText(state: PortState): string {
  const r = state.rates;
  return r && (r.writes || r.reads) ? `${rateText(r.writes)} in, ${rateText(r.reads)} out` : '';
}
