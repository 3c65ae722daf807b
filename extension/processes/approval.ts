import * as vscode from 'vscode';
import { approvalKey, trustVerdict, type DefinitionOrigin, type ProcessSpec } from '../../core/process';
import type { PortsContext } from '../context';

export const MANAGE_TRUST = 'Manage Workspace Trust';

/**
 * The Workspace Trust gate in front of every start: a workspace's own definitions never run untrusted, and run only
 * after the user said yes once (remembered in this workspace's state, per definition).
 */
export async function mayStart(ctx: PortsContext, origin: DefinitionOrigin, spec: ProcessSpec): Promise<boolean> {
  const key = approvalKey(origin, spec);
  const verdict = trustVerdict(origin, vscode.workspace.isTrusted, ctx.extension.workspaceState.get(key) === true);
  if (verdict.verdict === 'run') return true;
  if (verdict.verdict === 'refuse') {
    const message = `Process "${spec.name}" was not started: ${verdict.reason}.`;
    ctx.log.warn(message);
    void vscode.window.showWarningMessage(message, MANAGE_TRUST).then((choice) => choice === MANAGE_TRUST && vscode.commands.executeCommand('workbench.trust.manage'));
    return false;
  }
  const where = origin === 'workspace' ? 'this workspace\'s settings' : 'this workspace\'s bbports.json';
  const answer = await vscode.window.showWarningMessage(
    `Run the program "${spec.name}" defined in ${where}?`,
    { modal: true, detail: `${[spec.command, ...spec.args].join(' ')}\nin ${spec.cwd ?? '(the current folder)'}\n\nOnly allow programs you know: a workspace can name any program. You will not be asked again for this definition in this workspace.` },
    'Allow and Run',
  );
  if (answer !== 'Allow and Run') return false;
  await ctx.extension.workspaceState.update(key, true);
  return true;
}
