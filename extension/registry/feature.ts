import * as vscode from 'vscode';
import { describeOwner, type PortOwner, type Reservation } from '../../core/registry';
import type { PortsContext } from '../context';

type RegistryNode = { kind: 'reservation'; reservation: Reservation } | { kind: 'pool'; text: string };

/** The Registry view: who holds which port, and what the pool holds. Built (and the registry loaded) when first shown. */
class RegistryTree implements vscode.TreeDataProvider<RegistryNode> {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChangeTreeData = this.changed.event;
  private stop: (() => void) | undefined;

  constructor(private readonly ctx: PortsContext) {}

  setWatching(on: boolean): void {
    this.stop?.();
    this.stop = on ? this.ctx.registry.onChange(() => this.changed.fire()) : undefined;
    if (on) this.changed.fire();
  }

  getTreeItem(node: RegistryNode): vscode.TreeItem {
    if (node.kind === 'pool') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      return item;
    }
    const { port, owner, since } = node.reservation;
    const item = new vscode.TreeItem(`Port ${port}`);
    item.description = describeOwner(owner);
    item.tooltip = `Port ${port} reserved by ${describeOwner(owner)} since ${new Date(since).toLocaleString()}`;
    item.contextValue = 'reservation';
    item.iconPath = new vscode.ThemeIcon(owner.kind === 'script' ? 'symbol-event' : 'terminal');
    return item;
  }

  getChildren(node?: RegistryNode): RegistryNode[] {
    if (node) return [];
    const status = this.ctx.registry.status();
    const pool: RegistryNode = {
      kind: 'pool',
      text: `Free: ${status.free.length ? `${status.free.join(', ')} and ` : ''}every port from ${status.freeHigh}${status.offered.length ? ` (${status.offered.length} offered in the game)` : ''}`,
    };
    return [...status.reserved.map((reservation) => ({ kind: 'reservation' as const, reservation })), pool];
  }

  dispose(): void {
    this.stop?.();
    this.changed.dispose();
  }
}

type ReleaseArg = RegistryNode | { port: number; owner: PortOwner } | undefined;

export function registerRegistryFeature(ctx: PortsContext): void {
  const tree = new RegistryTree(ctx);
  const view = vscode.window.createTreeView('bitburnerPorts.registry', { treeDataProvider: tree });
  ctx.track(view, tree);
  ctx.track(view.onDidChangeVisibility((e) => tree.setWatching(e.visible)));
  if (view.visible) tree.setWatching(true);

  ctx.track(
    vscode.commands.registerCommand('bitburnerPorts.reservePort', async (arg?: { tag?: string; port?: number }) => {
      try {
        const tag = arg?.tag ?? (await vscode.window.showInputBox({ title: 'Reserve a port', prompt: 'Who holds it: a name (tag) for the owner', validateInput: (t) => (t.trim() ? undefined : 'Give the owner a name') }));
        if (!tag) return undefined;
        const owner: PortOwner = { kind: 'process', tag: tag.trim() };
        let port: number;
        if (arg?.port !== undefined) {
          port = arg.port;
          ctx.registry.reserve(port, owner);
        } else {
          port = ctx.registry.allocate(owner);
        }
        ctx.log.info(`registry: port ${port} reserved by ${describeOwner(owner)}`);
        void vscode.window.showInformationMessage(`Port ${port} is reserved for "${tag.trim()}".`);
        return port;
      } catch (error) {
        ctx.fail('Reserve', error);
        return undefined;
      }
    }),
    vscode.commands.registerCommand('bitburnerPorts.releasePort', async (arg?: ReleaseArg) => {
      try {
        let target: Reservation | { port: number; owner: PortOwner } | undefined;
        if (arg && 'kind' in arg) target = arg.kind === 'reservation' ? arg.reservation : undefined;
        else if (arg) target = arg;
        else {
          const picked = await vscode.window.showQuickPick(
            ctx.registry.status().reserved.map((r) => ({ label: `Port ${r.port}`, description: describeOwner(r.owner), r })),
            { title: 'Release which port?' },
          );
          target = picked?.r;
        }
        if (!target) return false;
        ctx.registry.release(target.port, target.owner);
        ctx.log.info(`registry: port ${target.port} released`);
        return true;
      } catch (error) {
        ctx.fail('Release', error);
        return false;
      }
    }),
  );
}
