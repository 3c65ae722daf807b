import * as vscode from 'vscode';
import type { DefinitionOrigin, PortProcess, ProcessStatus } from '../../core/process';

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

/** The Processes view: one row per known process with its status and traffic; it refreshes only while visible. */
export class ProcessesTree implements vscode.TreeDataProvider<ProcessRow> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private timer: NodeJS.Timeout | undefined;

  constructor(private readonly rows: () => ProcessRow[]) {}

  getChildren(row?: ProcessRow): ProcessRow[] {
    return row ? [] : this.rows();
  }

  getTreeItem({ process, origin }: ProcessRow): vscode.TreeItem {
    const info = process.inspect();
    const item = new vscode.TreeItem(info.name);
    item.id = `process:${info.tag}`;
    const traffic = `↓${info.messagesIn} ↑${info.messagesOut} msgs · ${bytes(info.bytesOut)} in, ${bytes(info.bytesIn)} out`;
    const running = process.running ? `pid ${info.pid} · up ${duration(info.uptimeMs)} · ` : '';
    const blocked = info.flow?.output === 'blocked' ? ' · output port full' : info.flow?.input === 'blocked' ? ' · not reading stdin' : '';
    item.description = `${info.status} · ${running}${traffic}${info.restarts ? ` · ${info.restarts} restarts` : ''}${blocked}`;
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
    item.contextValue = process.running ? 'process.running' : 'process.idle';
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

function bytes(n: number): string {
  return n < 1024 ? `${n} B` : n < 1 << 20 ? `${(n / 1024).toFixed(1)} KiB` : `${(n / (1 << 20)).toFixed(1)} MiB`;
}

function duration(ms: number): string {
  const s = Math.floor(ms / 1000);
  return s < 60 ? `${s}s` : s < 3600 ? `${Math.floor(s / 60)}m${s % 60}s` : `${Math.floor(s / 3600)}h${Math.floor((s % 3600) / 60)}m`;
}
