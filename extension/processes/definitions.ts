import { join } from 'node:path';
import * as vscode from 'vscode';
import { CONFIG_FILE, loadConfigFile, parseDefinitions, type DefinitionOrigin, type ProcessSpec } from '../../core/process';

export interface KnownDefinition {
  spec: ProcessSpec;
  origin: DefinitionOrigin;
}

/**
 * Every process defined for this window: user settings, workspace settings, then bbports.json at the workspace root.
 * A later one with the same tag is left out and named. Where each came from decides the trust gate.
 */
export function readDefinitions(): { definitions: KnownDefinition[]; problems: string[] } {
  const root = vscode.workspace.workspaceFolders?.[0]?.uri.fsPath;
  const setting = vscode.workspace.getConfiguration('bitburnerPorts').inspect<unknown>('processes');
  const sources: [DefinitionOrigin, ReturnType<typeof parseDefinitions>][] = [
    ['user', parseDefinitions(setting?.globalValue, 'user setting bitburnerPorts.processes', root)],
    ['workspace', parseDefinitions(setting?.workspaceValue ?? setting?.workspaceFolderValue, 'workspace setting bitburnerPorts.processes', root)],
  ];
  if (root) {
    const file = join(root, CONFIG_FILE);
    const loaded = loadConfigFile(file);
    const missing = loaded.problems.length === 1 && loaded.problems[0] === `${file}: no such file`;
    sources.push(['bbports.json', missing ? { specs: [], problems: [] } : loaded]);
  }
  const definitions: KnownDefinition[] = [];
  const problems: string[] = [];
  for (const [origin, { specs, problems: found }] of sources) {
    problems.push(...found);
    for (const spec of specs) {
      const earlier = definitions.find((d) => d.spec.tag === spec.tag);
      if (earlier) problems.push(`process "${spec.tag}" from ${origin} is left out: the ${earlier.origin} definition uses that tag already`);
      else definitions.push({ spec, origin });
    }
  }
  return { definitions, problems };
}

/** Fires when a definition may have changed: the setting, or bbports.json. */
export function watchDefinitions(onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(`**/${CONFIG_FILE}`);
  return vscode.Disposable.from(
    watcher,
    watcher.onDidChange(onChange),
    watcher.onDidCreate(onChange),
    watcher.onDidDelete(onChange),
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration('bitburnerPorts.processes') && onChange()),
    vscode.workspace.onDidGrantWorkspaceTrust(onChange),
  );
}
