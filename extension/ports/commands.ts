import * as vscode from 'vscode';
import { NULL_PORT_DATA } from '../../core/engine/constants';
import { previewItem } from '../../core/port-view/preview';
import type { PortsContext } from '../context';
import { resolveTarget, resolveValue, type PortCommandArg, type PortTarget } from './target';

type PortAction = (ctx: PortsContext, target: PortTarget, arg: PortCommandArg) => Promise<unknown>;

const actions: Record<string, PortAction> = {
  async writePort(ctx, { source, port }, arg) {
    const input = await resolveValue(arg, port);
    if (!input) return undefined;
    const evicted = await source.write(port, input.value);
    ctx.log.info(`${source.label}: wrote ${previewItem(input.value).text} to port ${port}`);
    if (evicted !== null && evicted !== undefined) {
      void vscode.window.showWarningMessage(`Port ${port} was full: the write pushed out its oldest item, ${previewItem(evicted).text}. Use tryWrite to refuse instead of losing data.`);
    }
    return evicted;
  },
  async tryWritePort(ctx, { source, port }, arg) {
    const input = await resolveValue(arg, port);
    if (!input) return undefined;
    const written = await source.tryWrite(port, input.value);
    ctx.log.info(`${source.label}: tryWrite to port ${port}: ${written ? 'written' : 'refused, the port is full'}`);
    if (!written) void vscode.window.showWarningMessage(`Port ${port} is full: tryWrite wrote nothing. Read from it first, or raise the capacity.`);
    return written;
  },
  async readPort(ctx, target) {
    return show(ctx, 'read', target, await target.source.read(target.port));
  },
  async peekPort(ctx, target) {
    return show(ctx, 'peek', target, await target.source.peek(target.port));
  },
  async clearPort(ctx, { source, port }) {
    await source.clear(port);
    ctx.log.info(`${source.label}: cleared port ${port}`);
  },
};

function show(ctx: PortsContext, verb: string, { source, port }: PortTarget, value: unknown): unknown {
  const text = value === NULL_PORT_DATA ? `"NULL PORT DATA" (the port is empty)` : previewItem(value, 200).text;
  ctx.log.info(`${source.label}: ${verb} port ${port}: ${text}`);
  void vscode.window.showInformationMessage(`Port ${port} ${verb}: ${text}`);
  return value;
}

export function registerPortCommands(ctx: PortsContext): void {
  for (const [name, action] of Object.entries(actions)) {
    ctx.track(
      vscode.commands.registerCommand(`bitburnerPorts.${name}`, async (arg: PortCommandArg) => {
        try {
          const target = await resolveTarget(ctx, arg);
          if (!target) return undefined;
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
