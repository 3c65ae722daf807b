import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import * as vscode from 'vscode';
import { DashboardFeed, type DashboardHost } from '../../core/dashboard/feed';
import { dashboardHtml } from '../../core/dashboard/html';
import type { PortAction, ToWebview } from '../../core/dashboard/protocol';
import { parseRecording, type Recording } from '../../core/dashboard/recording';
import type { PortsContext } from '../context';

export const DASHBOARD_VIEW_TYPE = 'bitburnerPorts.dashboard';
const RECORDING_FILTERS = { 'Port recordings': ['json'] };

/**
 * One dashboard panel: the webview page plus the feed that listens to the port sources for as long as the panel
 * exists. The webview is not kept alive while hidden: it saves its own state and asks for a fresh one when shown.
 */
export class DashboardPanel implements DashboardHost {
  private readonly feed: DashboardFeed;
  private readonly disposables: vscode.Disposable[] = [];
  private readonly sent = new vscode.EventEmitter<ToWebview>();
  /** Every message sent to the webview (the integration test watches it). */
  readonly onDidPost = this.sent.event;

  constructor(
    private readonly ctx: PortsContext,
    readonly panel: vscode.WebviewPanel,
    onDispose: () => void,
  ) {
    const dist = vscode.Uri.joinPath(ctx.extension.extensionUri, 'dist');
    panel.webview.options = { enableScripts: true, localResourceRoots: [dist] };
    panel.iconPath = vscode.Uri.joinPath(ctx.extension.extensionUri, 'media/ports.svg');
    panel.webview.html = dashboardHtml({
      cspSource: panel.webview.cspSource,
      nonce: randomBytes(16).toString('base64'),
      scriptUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.js')).toString(),
      styleUri: panel.webview.asWebviewUri(vscode.Uri.joinPath(dist, 'webview.css')).toString(),
    });
    this.feed = new DashboardFeed(ctx.sources, { post: (m) => this.post(m), portMap: () => ctx.portMap, processes: () => ctx.processes });
    this.disposables.push(
      this.sent,
      panel.webview.onDidReceiveMessage((m: unknown) => this.feed.receive(m, this)),
      ctx.onDidChangeSources(() => this.feed.setSources(ctx.sources)),
      panel.onDidDispose(() => {
        this.feed.dispose();
        for (const d of this.disposables) d.dispose();
        onDispose();
      }),
    );
  }

  async act(action: PortAction, source: string, port: number, value?: unknown): Promise<void> {
    await vscode.commands.executeCommand(`bitburnerPorts.${action}Port`, action === 'write' ? { source, port, value } : { source, port });
  }

  async saveRecording(recording: Recording): Promise<void> {
    const stamp = new Date(recording.startedAt).toISOString().replace(/[:.]/g, '-');
    const base = vscode.workspace.workspaceFolders?.[0]?.uri ?? vscode.Uri.file(process.cwd());
    const uri = await vscode.window.showSaveDialog({ title: 'Save the port recording', defaultUri: vscode.Uri.joinPath(base, `ports-${stamp}.json`), filters: RECORDING_FILTERS });
    if (!uri) {
      void vscode.window.showInformationMessage(`The recording (${recording.events.length} events) was not saved.`);
      return;
    }
    await writeFile(uri.fsPath, JSON.stringify(recording));
    const note = recording.truncated ? ' It hit the size limit: later events are missing.' : '';
    void vscode.window.showInformationMessage(`Saved ${recording.events.length} port events to ${vscode.workspace.asRelativePath(uri)}.${note}`);
  }

  async openRecording(): Promise<{ recording: Recording; name: string } | undefined> {
    const [uri] = (await vscode.window.showOpenDialog({ title: 'Open a port recording', canSelectMany: false, filters: RECORDING_FILTERS })) ?? [];
    if (!uri) return undefined;
    const name = vscode.workspace.asRelativePath(uri);
    return { recording: parseRecording(await readFile(uri.fsPath, 'utf8'), name), name };
  }

  fail(action: string, error: unknown): void {
    this.ctx.fail(action, error);
  }

  private post(message: ToWebview): void {
    // Hidden, the page does not exist; it asks for the whole state when it is shown again.
    if (!this.panel.visible) return;
    void this.panel.webview.postMessage(message);
    this.sent.fire(message);
  }
}
