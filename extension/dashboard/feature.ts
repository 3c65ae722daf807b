import * as vscode from 'vscode';
import type { PortsContext } from '../context';
import { DASHBOARD_VIEW_TYPE, DashboardPanel } from './panel';

/**
 * The Port Dashboard: `bitburnerPorts.openDashboard` opens it (or brings it forward), and a panel left open when
 * VS Code closed comes back through the serializer. Nothing listens to the ports until a panel exists.
 */
export function registerDashboard(ctx: PortsContext): void {
  let current: DashboardPanel | undefined;
  const attach = (panel: vscode.WebviewPanel) => {
    current = new DashboardPanel(ctx, panel, () => (current = undefined));
    return current;
  };
  ctx.track(
    vscode.commands.registerCommand('bitburnerPorts.openDashboard', () => {
      if (current) {
        current.panel.reveal();
        return current;
      }
      return attach(vscode.window.createWebviewPanel(DASHBOARD_VIEW_TYPE, 'Port Dashboard', vscode.ViewColumn.Active, {}));
    }),
    vscode.window.registerWebviewPanelSerializer(DASHBOARD_VIEW_TYPE, {
      async deserializeWebviewPanel(panel) {
        attach(panel);
      },
    }),
  );
}
