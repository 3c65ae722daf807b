import * as vscode from 'vscode';
import type { LintWorkspace } from '../../language';
import { roleSummary, useLabel } from './port-map-view';

/** Hovering a port number or constant in a port call shows every use of that port in the workspace. */
export class PortHover implements vscode.HoverProvider {
  constructor(private readonly workspace: () => LintWorkspace | undefined) {}

  provideHover(doc: vscode.TextDocument, position: vscode.Position): vscode.Hover | undefined {
    const ws = this.workspace();
    if (!ws || ws.facts(doc.fileName)?.text !== doc.getText()) return undefined;
    const port = ws.portAt(doc.fileName, doc.offsetAt(position));
    const entry = port === undefined ? undefined : ws.portMap().find((e) => e.port === port);
    if (!entry) return undefined;
    const md = new vscode.MarkdownString(`**Port ${entry.port}**: ${roleSummary(entry.uses)}\n\n`);
    for (const use of entry.uses) {
      const target = vscode.Uri.file(use.file).with({ fragment: `L${use.line},${use.column}` });
      md.appendMarkdown(`- ${use.role}: [${useLabel(use)}](${target.toString()})\n`);
    }
    const shapes = ws.messageShapes(entry.port);
    for (const [tag, keys] of shapes) md.appendMarkdown(`\nwrites ${tag ? `\`${tag}\`` : 'untagged'} messages: { ${keys.join(', ')} }\n`);
    return new vscode.Hover(md);
  }
}
