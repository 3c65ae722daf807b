import type * as vscode from 'vscode';
import { PortsContext } from './context';
import { features } from './features';

/** What activate() returns: the live parts, for other extensions and for the integration tests. */
export interface BitburnerPortsApi {
  ctx: PortsContext;
}

let current: PortsContext | undefined;

export function activate(extension: vscode.ExtensionContext): BitburnerPortsApi {
  const ctx = new PortsContext(extension);
  current = ctx;
  for (const register of features) register(ctx);
  return { ctx };
}

/** VS Code waits for this before it disposes the features: external programs get their graceful stop. */
export function deactivate(): Promise<void> | undefined {
  return current?.shutdown();
}
