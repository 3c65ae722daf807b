import type * as vscode from 'vscode';
import { PortsContext } from './context';
import { features } from './features';

/** What activate() returns: the live parts, for other extensions and for the integration tests. */
export interface BitburnerPortsApi {
  ctx: PortsContext;
}

export function activate(extension: vscode.ExtensionContext): BitburnerPortsApi {
  const ctx = new PortsContext(extension);
  for (const register of features) register(ctx);
  return { ctx };
}

export function deactivate(): void {}
