import * as vscode from 'vscode';
import { toPortNumber } from '../../core/engine/port-number';
import { parseUserValue } from '../../core/port-view/preview';
import type { PortSource } from '../../core/port-view/source';
import type { PortsContext } from '../context';
import { portOfNode, type PortsNode } from './nodes';
import { portInputProblem, suggestedPort, suggestPort } from './port-input';
import { userValueWarning } from './user-value';

/** What a port command may be called with: a tree row, or `{source, port, value}` from code and tests. */
export type PortCommandArg = PortsNode | { source?: string; port?: number | string; value?: unknown } | undefined;

export interface PortTarget {
  source: PortSource;
  port: number;
}

/** Resolves the port a command acts on, asking the user for what the argument does not say. Undefined: cancelled. */
export async function resolveTarget(ctx: PortsContext, arg: PortCommandArg): Promise<PortTarget | undefined> {
  if (arg && 'kind' in arg) {
    const port = portOfNode(arg);
    return port === undefined ? askPort(arg.source) : { source: arg.source, port };
  }
  const source = arg?.source !== undefined ? ctx.source(arg.source) : await pickSource(ctx);
  if (!source) {
    if (arg?.source !== undefined) throw new Error(`there is no port source "${arg.source}" (known: ${ctx.sources.map((s) => s.id).join(', ')})`);
    return undefined;
  }
  if (arg?.port !== undefined) return { source, port: toPortNumber('port', arg.port) };
  return askPort(source);
}

/** The value to write: the argument's, or what the user types (JSON when it parses, otherwise text). */
export async function resolveValue(arg: PortCommandArg, port: number): Promise<{ value: unknown } | undefined> {
  if (arg && !('kind' in arg) && 'value' in arg) return { value: arg.value };
  const input = await vscode.window.showInputBox({
    title: `Write to port ${port}`,
    prompt: 'JSON (42, {"type":"hack","target":"n00dles"}, "text") or plain text',
    placeHolder: '{"type":"hack","target":"n00dles"}',
    validateInput: (text) => {
      const warning = userValueWarning(text);
      return warning && { message: warning, severity: vscode.InputBoxValidationSeverity.Warning };
    },
  });
  return input === undefined ? undefined : { value: parseUserValue(input) };
}

async function pickSource(ctx: PortsContext): Promise<PortSource | undefined> {
  if (ctx.sources.length === 1) return ctx.sources[0];
  const picked = await vscode.window.showQuickPick(
    ctx.sources.map((source) => ({ label: source.label, description: source.status(), source })),
    { title: 'Which ports?' },
  );
  return picked?.source;
}

/**
 * Asks for a port number, offering the port of the row last selected or the port last used. Undefined: cancelled.
 */
export async function askPortNumber(title: string): Promise<number | undefined> {
  const offered = suggestedPort();
  const input = await vscode.window.showInputBox({
    title,
    prompt: 'A port number: a whole number from 1 up',
    value: offered === undefined ? undefined : String(offered),
    validateInput: portInputProblem,
  });
  if (input === undefined) return undefined;
  const port = toPortNumber('port', input.trim());
  suggestPort(port);
  return port;
}

async function askPort(source: PortSource): Promise<PortTarget | undefined> {
  const port = await askPortNumber(`Port on ${source.label}`);
  return port === undefined ? undefined : { source, port };
}
