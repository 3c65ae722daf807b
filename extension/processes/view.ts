import * as vscode from 'vscode';
import type { DefinitionOrigin, HeldInspection, PortProcess, ProcessStatus } from '../../core/process';
import { previewItem } from '../../core/port-view/preview';

const ICONS: Record<ProcessStatus, [string, string | undefined]> = {
  idle: ['circle-outline', undefined],
  running: ['play-circle', 'testing.iconPassed'],
  stopping: ['loading~spin', undefined],
  stopped: ['debug-stop', undefined],
  exited: ['pass', undefined],
  failed: ['error', 'errorForeground'],
  'gave-up': ['error', 'errorForeground'],
};

export interface ProcessRow {
  process: PortProcess;
  origin: DefinitionOrigin;
}

/** Under a process: the messages it holds for one port (or one of them), with their values. */
type HeldRow = { held: HeldInspection; row: ProcessRow; index?: number };
type Row = ProcessRow | HeldRow;

/** Values listed under a held row; the rest are counted. */
const SHOWN_VALUES = 50;

/** The Processes view: one row per known process with its status and traffic; it refreshes only while visible. */
export class ProcessesTree implements vscode.TreeDataProvider<Row> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly rows: () => ProcessRow[]) {}

  getChildren(row?: Row): Row[] {
    if (!row) return this.rows();
    if (!('held' in row)) return row.process.inspect().held.map((held) => ({ held, row }));
    if (row.index !== undefined) return [];
    return row.held.values.slice(0, SHOWN_VALUES).map((_, index) => ({ ...row, index }));
  }

  getTreeItem(row: Row): vscode.TreeItem {
    return 'held' in row ? heldItem(row) : this.processItem(row);
  }

  private processItem({ process, origin }: ProcessRow): vscode.TreeItem {
    const info = process.inspect();
    const heldCount = info.held.reduce((n, h) => n + h.count, 0);
    const item = new vscode.TreeItem(info.name, heldCount ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
    item.id = `process:${info.tag}`;
    const traffic = `↓${info.messagesIn} ↑${info.messagesOut} msgs · ${bytes(info.bytesOut)} in, ${bytes(info.bytesIn)} out`;
    const running = process.running ? `pid ${info.pid} · up ${duration(info.uptimeMs)} · ` : '';
    const blocked = info.flow?.output === 'blocked' ? ' · output port full' : info.flow?.input === 'blocked' ? ' · not reading stdin' : info.flow?.input === 'paused' ? ` · intake paused (${info.flow.ahead} unanswered)` : '';
    const held = heldCount ? ` · ${heldCount} held` : '';
    item.description = `${info.status} · ${running}${traffic}${info.restarts ? ` · ${info.restarts} restarts` : ''}${blocked}${held}`;
    item.tooltip = new vscode.MarkdownString(
      [
        `**${info.name}** (${origin}) · ${info.status}`,
        '```',
        [info.command, ...info.args].join(' '),
        '```',
        `ports: in ${info.inputPort ?? '-'}, out ${info.outputPort ?? '-'}, events ${info.eventsPort ?? '-'} (${info.target}) · mode ${info.mode}${info.framing ? `, ${info.framing}` : ''}`,
        info.lastError ? `\n\nlast problem: ${info.lastError}` : '',
      ].join('\n'),
    );
    item.contextValue = `${process.running ? 'process.running' : 'process.idle'}${heldCount ? '.held' : ''}`;
    const [icon, color] = ICONS[info.status];
    item.iconPath = new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
    item.command = { command: 'bitburnerPorts.showProcessTerminal', title: 'Show Terminal', arguments: [{ process, origin }] };
    return item;
  }

  /** Coalesces a burst of changes (traffic moves counters on every message) into one refresh. */
  schedule(): void {
    this.timer ??= setTimeout(() => this.refreshNow(), 250);
  }

  /** Refreshes now, and keeps refreshing each second while something runs (uptimes move). */
  refreshNow(): void {
    clearTimeout(this.timer);
    this.changed.fire();
    this.timer = this.rows().some((r) => r.process.running) ? setTimeout(() => this.refreshNow(), 1000) : undefined;
  }

  dispose(): void {
    clearTimeout(this.timer);
    this.changed.dispose();
  }
}

function heldItem({ held, row, index }: HeldRow): vscode.TreeItem {
  const tag = row.process.tag;
  if (index !== undefined) {
    const preview = previewItem(held.values[index], 120);
    const item = new vscode.TreeItem(`#${index}  ${preview.text}`);
    item.id = `process:${tag}:held:${held.port}:${held.end}:${index}`;
    item.tooltip = preview.text;
    return item;
  }
  const where = held.end === 'back' ? `for port ${held.port} (output)` : `to go back to port ${held.port} (input)`;
  const item = new vscode.TreeItem(`${held.count} held ${where}`, vscode.TreeItemCollapsibleState.Collapsed);
  item.id = `process:${tag}:held:${held.port}:${held.end}`;
  item.description = `written as room appears${held.count > SHOWN_VALUES ? ` · first ${SHOWN_VALUES} shown` : ''}`;
  item.tooltip = 'No room in the port yet: never dropped, never written past its capacity. Reading the port makes room; Deliver Held Messages tries now.';
  item.iconPath = new vscode.ThemeIcon('inbox');
  item.contextValue = 'heldMessages';
  return item;
}

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${s % 60}s` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}
