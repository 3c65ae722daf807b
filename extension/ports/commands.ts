import * as vscode from 'vscode';
import { evictedText, shownValueText, tryWriteRefusedText } from '../../core/port-view/action-texts';
import { previewItem } from '../../core/port-view/preview';
import { fillText } from '../../core/port-view/source';
import type { PortsContext } from '../context';
import { suggestPort } from './port-input';
import { resolveTarget, resolveValue, type PortCommandArg, type PortTarget } from './target';

type PortAction = (ctx: PortsContext, target: PortTarget, arg: PortCommandArg) => Promise<unknown>;

const actions: Record<string, PortAction> = {
  async writePort(ctx, { source, port }, arg) {
    const input = await resolveValue(arg, port);
    if (!input) return undefined;
    const evicted = await source.write(port, input.value);
    report(ctx, `${source.label}: wrote ${previewItem(input.value).text} to port ${port}`);
    if (evicted !== null && evicted !== undefined) {
      void vscode.window.showWarningMessage(evictedText(port, evicted));
    }
    return evicted;
  },
  async tryWritePort(ctx, { source, port }, arg) {
    const input = await resolveValue(arg, port);
    if (!input) return undefined;
    const written = await source.tryWrite(port, input.value);
    report(ctx, `${source.label}: tryWrite to port ${port}: ${written ? 'written' : 'refused, the port is full'}`);
    if (!written) void vscode.window.showWarningMessage(tryWriteRefusedText(port));
    return written;
  },
  async readPort(ctx, target) {
    return show(ctx, 'read', target, await target.source.read(target.port));
  },
  async peekPort(ctx, target) {
    return show(ctx, 'peek', target, await target.source.peek(target.port));
  },
  async clearPort(ctx, { source, port }) {
    const state = source.ports().find((p) => p.port === port);
    await source.clear(port);
    const dropped = !state ? 'it was already empty' : `${fillText(state).split('/')[0]} item${state.items.length === 1 && state.complete ? '' : 's'} dropped`;
    report(ctx, `${source.label}: cleared port ${port}: ${dropped}`);
  },
};

function show(ctx: PortsContext, verb: string, { source, port }: PortTarget, value: unknown): unknown {
  const text = shownValueText(value);
  report(ctx, `${source.label}: ${verb} port ${port}: ${text}`);
  return value;
}

let lastNote: vscode.Disposable | undefined;

/**
 * A result shown where it can be seen without piling up: at the top of the Ports view, in the status bar (replacing
 * the last one) and in the log. Notifications are kept for what needs attention (lost or refused data).
 */
function report(ctx: PortsContext, text: string): void {
  ctx.log.info(text);
  ctx.portsTree?.showResult(text);
  lastNote?.dispose();
  lastNote = vscode.window.setStatusBarMessage(`$(inbox) ${text}`, 8000);
}

export function registerPortCommands(ctx: PortsContext): void {
  for (const [name, action] of Object.entries(actions)) {
    ctx.track(
      vscode.commands.registerCommand(`bitburnerPorts.${name}`, async (arg: PortCommandArg) => {
        try {
          const target = await resolveTarget(ctx, arg);
          if (!target) return undefined;
          suggestPort(target.port);
          const result = await action(ctx, target, arg);
          ctx.portsTree?.refreshNow();
          return result;
        } catch (error) {
          ctx.fail(name.replace('Port', ''), error);
          return undefined;
        }
      }),
    );
  }
}
