import * as vscode from 'vscode';
import { describeOwner, type PortOwner, type Reservation } from '../../core/registry';
import type { KnownProcess } from '../../core/port-view/process-map';
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
    const stops = on ? [this.ctx.registry.onChange(() => this.changed.fire()), this.ctx.processes?.onChange(() => this.changed.fire())] : [];
    this.stop = on ? () => stops.forEach((stop) => stop?.()) : undefined;
    if (on) this.changed.fire();
  }

  getTreeItem(node: RegistryNode): vscode.TreeItem {
    if (node.kind === 'pool') {
      const item = new vscode.TreeItem(node.text);
      item.iconPath = new vscode.ThemeIcon('circle-large-outline');
      return item;
    }
    const { port, owner, since } = node.reservation;
    const who = ownerOf(owner, this.ctx.processes?.list() ?? []);
    const item = new vscode.TreeItem(`Port ${port}`);
    item.description = who.text;
    item.tooltip = `Port ${port} reserved for ${who.detail} since ${new Date(since).toLocaleString()}`;
    item.contextValue = 'reservation';
    item.iconPath = new vscode.ThemeIcon(who.icon);
    return item;
  }

  getChildren(node?: RegistryNode): RegistryNode[] {
    if (node) return [];
    const status = this.ctx.registry.status();
    // Nothing reserved and nothing handed back: no rows, so the view's welcome text says what the registry is for.
    if (!status.reserved.length && !status.free.length && !status.offered.length) return [];
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

/**
 * Who holds a reservation, as it is: an in-game script, an external process this workspace defines (by its tag), or
 * just a name someone reserved under (Reserve a Port… takes any tag; no process need exist).
 */
export function ownerOf(owner: PortOwner, processes: readonly KnownProcess[]): { text: string; detail: string; icon: string } {
  if (owner.kind === 'script') return { text: describeOwner(owner), detail: `the game script with pid ${owner.pid} on ${owner.hostname}`, icon: 'symbol-event' };
  const process = processes.find((p) => p.tag === owner.tag);
  if (process) return { text: `process "${owner.tag}"${process.running ? '' : ' (not running)'}`, detail: `the external process "${owner.tag}" (${process.running ? 'running' : 'not running'})`, icon: 'terminal' };
  return { text: `tag "${owner.tag}"`, detail: `the tag "${owner.tag}" (no external process of that tag is defined here)`, icon: 'tag' };
}

type ReleaseArg = RegistryNode | { port: number; owner: PortOwner } | undefined;

export function registerRegistryFeature(ctx: PortsContext): void {
  const tree = new RegistryTree(ctx);
  const view = vscode.window.createTreeView('bitburnerPorts.registry', { treeDataProvider: tree });
  ctx.track(view, tree);
  ctx.registryTree = tree as vscode.TreeDataProvider<unknown>;
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
