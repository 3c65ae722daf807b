import { basename } from 'node:path';
import * as vscode from 'vscode';
import { startPlayground, type PlaygroundResult, type PlaygroundRun } from '../../core/playground/host';
import { PortMirror } from '../../core/playground/mirror';
import type { TraceEvent } from '../../core/playground/trace';
import { failureLines, logLine, report } from '../../cli/run/report';
import type { PortsContext } from '../context';
import { PlaygroundSource } from './source';

const DIM = '\x1b[2m';
const RESET = '\x1b[0m';
const crlf = (text: string) => text.replace(/\r?\n/g, '\r\n');

/**
 * One "Run in Playground": the run in its worker thread, its ports as a root of the Ports view (and so the dashboard),
 * and one terminal with every script's log lines and the end report. Closing the terminal stops the run.
 */
export class PlaygroundSession implements vscode.Pseudoterminal {
  private readonly writer = new vscode.EventEmitter<string>();
  readonly onDidWrite = this.writer.event;
  readonly terminal: vscode.Terminal;
  readonly source: PlaygroundSource;
  readonly done: Promise<PlaygroundResult>;
  private readonly run: PlaygroundRun;
  private backlog: string[] | undefined = [];
  private readonly sourceHandle: vscode.Disposable;

  constructor(
    ctx: PortsContext,
    readonly root: string,
    readonly script: string,
    speed: number,
  ) {
    const mirror = new PortMirror(ctx.engine.capacity);
    this.source = new PlaygroundSource(mirror, script);
    this.sourceHandle = ctx.addSource(this.source);
    this.terminal = vscode.window.createTerminal({ name: `Playground: ${basename(script)}`, pty: this, iconPath: new vscode.ThemeIcon('play-circle') });
    const began = Date.now();
    this.run = startPlayground({ root, start: [{ script }], capacity: ctx.engine.capacity, speed }, { onEvents: (events) => this.onEvents(mirror, events) });
    this.done = this.run.done.then((result) => {
      report(result, { out: (l) => this.write(`${l}\n`), err: (l) => this.write(`${l}\n`) }, Date.now() - began, undefined);
      this.write(`${DIM}The run is over; its ports stay in the Ports view until the next run or until this terminal closes.${RESET}\n`);
      return result;
    });
  }

  private onEvents(mirror: PortMirror, events: TraceEvent[]): void {
    mirror.apply(events);
    for (const e of events) {
      if (e.type === 'log') this.write(`${logLine(e)}\n`);
      else if (e.type === 'exit' && e.reason === 'error') this.write(`\x1b[31m${failureLines(e).join('\n')}${RESET}\n`);
    }
  }

  private write(text: string): void {
    if (this.backlog) this.backlog.push(crlf(text));
    else this.writer.fire(crlf(text));
  }

  open(): void {
    this.writer.fire(`${DIM}${this.script} on home in the playground (root ${this.root}). Closing this terminal stops the run.${RESET}\r\n`);
    for (const text of this.backlog ?? []) this.writer.fire(text);
    this.backlog = undefined;
  }

  close(): void {
    this.stop();
    this.sourceHandle.dispose();
  }

  stop(): void {
    this.run.stop();
  }

  setSpeed(speed: number): void {
    this.run.setSpeed(speed);
  }

  dispose(): void {
    this.stop();
    this.sourceHandle.dispose();
    this.terminal.dispose();
    this.writer.dispose();
  }
}
