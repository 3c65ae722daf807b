import * as vscode from 'vscode';
import { describeExit, type PortProcess, type ProcessEvent } from '../../core/process';

const RED = '\x1b[31m';
const YELLOW = '\x1b[33m';
const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * A process's own terminal: stdout as it comes, stderr in red, a header with its ports, message counters in the
 * title, typed lines to stdin, Ctrl+C as SIGINT. Closing it stops the process; the exit code is shown when it ends.
 */
export class ProcessTerminal implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  private readonly renamer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  readonly onDidChangeName = this.renamer.event;
  readonly terminal: vscode.Terminal;
  private backlog: string[] | undefined = [];
  private typed = '';
  private renameTimer: NodeJS.Timeout | undefined;
  private readonly stopListening: () => void;
  private closed = false;
  /** Whether the program's output so far ended its line: a notice never glues onto a half line. */
  private atLineStart = true;

  constructor(
    readonly process: PortProcess,
    private readonly onClosed: () => void,
  ) {
    this.stopListening = process.onEvent((e) => this.show(e));
    this.terminal = vscode.window.createTerminal({ name: this.title(), pty: this, iconPath: new vscode.ThemeIcon('plug') });
  }

  open(): void {
    const s = this.process.spec;
    const ports = [s.inputPort && `in ← port ${s.inputPort}`, s.outputPort && `out → port ${s.outputPort}`, s.eventsPort && `events → port ${s.eventsPort}`].filter(Boolean).join(' · ') || 'no ports';
    this.writer.fire(`${DIM}${[s.command, ...s.args].join(' ')}\r\n${ports} (${s.target}), mode ${s.mode}. Type a line to send it to stdin; Ctrl+C sends SIGINT; closing this terminal stops the process.${RESET}\r\n`);
    for (const text of this.backlog ?? []) this.writer.fire(text);
    this.backlog = undefined;
  }

  close(): void {
    this.closed = true;
    this.dispose();
    this.onClosed();
  }

  handleInput(data: string): void {
    if (data === '\x03') return this.process.signal('SIGINT');
    for (const ch of data) {
      if (ch === '\r') {
        this.process.type(`${this.typed}\n`);
        this.typed = '';
        this.write('\r\n');
      } else if (ch === '\x7f') {
        if (this.typed) {
          this.typed = this.typed.slice(0, -1);
          this.write('\b \b');
        }
      } else if (ch >= ' ') {
        this.typed += ch;
        this.write(ch);
      }
    }
  }

  get isClosed(): boolean {
    return this.closed;
  }

  dispose(): void {
    this.stopListening();
    clearTimeout(this.renameTimer);
  }

  private show(e: ProcessEvent): void {
    if (e.type !== 'stdout' && !this.atLineStart) {
      this.write('\r\n');
      this.atLineStart = true;
    }
    switch (e.type) {
      case 'start':
        this.write(`${DIM}[started, pid ${e.pid}]${RESET}\r\n`);
        break;
      case 'stdout':
        this.write(crlf(e.text));
        if (e.text) this.atLineStart = e.text.endsWith('\n');
        break;
      case 'stderr':
        this.write(`${RED}${e.line}${RESET}\r\n`);
        break;
      case 'error':
      case 'gave-up':
        this.write(`${YELLOW}${e.message}${RESET}\r\n`);
        break;
      case 'restart':
        this.write(`${DIM}[restarting, restart ${e.restarts}]${RESET}\r\n`);
        break;
      case 'terminate': {
        const c = this.process.counters;
        // A stop the user asked for ends by SIGTERM on purpose: that is not shown as a failure.
        const asked = this.process.status === 'stopping' || this.process.status === 'stopped';
        const held = this.process.heldCount;
        this.write(`${e.exitCode === 0 || asked ? DIM : RED}[${asked ? 'stopped, ' : ''}${describeExit(e.exitCode, e.signal)}; ${c.messagesIn} messages in, ${c.messagesOut} out${held ? `, ${held} held until their port has room (Processes view)` : ''}]${RESET}\r\n`);
        break;
      }
    }
    this.renameTimer ??= setTimeout(() => {
      this.renameTimer = undefined;
      this.renamer.fire(this.title());
    }, 1000);
  }

  private write(text: string): void {
    if (this.backlog) this.backlog.push(text);
    else this.writer.fire(text);
  }

  private title(): string {
    const c = this.process.counters;
    return `${this.process.spec.name} ↓${c.messagesIn} ↑${c.messagesOut}`;
  }
}
