import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { GameSource } from '../../core/game-link/bridge/game-source';
import { newBridgeToken } from '../../core/game-link/bridge/install';
import { GameLink } from '../../core/game-link/link';
import { PortInUseError, type LinkStatus } from '../../core/game-link/remote-api/game-server';
import { FileSync } from '../../core/game-link/sync/file-sync';
import { ramCharges } from '../../core/game-link/sync/ram-costs';
import { Signal } from '../../core/game-link/signal';
import type { PortMapProvider } from '../../core/port-view/port-map';
import type { PortsContext } from '../context';
import { bridgeSettings, gameLinkSettings, syncSettings } from './settings';

const TOKEN_KEY = 'bitburnerPorts.bridgeToken';
const PINNED_KEY = 'bitburnerPorts.pinnedPorts';
const DEEP_KEY = 'bitburnerPorts.deepViewPorts';

/**
 * The game link inside VS Code: one GameLink (server + bridge hub), the file sync on top of it, the Game root in the
 * Ports view, and the ports the bridge watches. Built on first need (autoStart after start-up, or a command).
 */
export class GameLinkController {
  readonly onStatus = new Signal<void>();
  /** RAM (GB) per synced file, as calculateRam last said. */
  readonly ram = new Map<string, number>();
  /** Per-function RAM from the game's definitions, once fetched. */
  ramCosts: Map<string, number> | undefined;
  private portMapWatched: PortMapProvider | undefined;
  private queue: Promise<void> = Promise.resolve();
  link: GameLink | undefined;
  sync: FileSync | undefined;
  /** The port and allow-list the running server was started with. */
  private appliedKey: string | undefined;

  constructor(readonly ctx: PortsContext) {}

  get status(): LinkStatus {
    return this.link?.server.status ?? { state: 'stopped' };
  }

  get pinned(): Set<number> {
    return new Set(this.ctx.extension.workspaceState.get<number[]>(PINNED_KEY, []));
  }

  get deep(): Set<number> {
    return new Set(this.ctx.extension.workspaceState.get<number[]>(DEEP_KEY, []));
  }

  /** Starts the server (on `port`, or the setting). A port in use is reported with a way out; resolves with the port. */
  start(port?: number): Promise<number | undefined> {
    return this.serially(() => this.restart(port));
  }

  stop(): Promise<void> {
    return this.serially(async () => {
      await this.link?.server.stop();
    });
  }

  /**
   * Applies a changed port or allow-list to a running server. Restarting drops the game (v2.7 never reconnects by
   * itself), so it happens only when the values in effect really changed, not for an edit that falls back to the same.
   */
  applySettings(): Promise<number | undefined> | undefined {
    if (this.status.state === 'stopped') return undefined;
    const settings = gameLinkSettings((m) => this.ctx.warn(m));
    const key = JSON.stringify([settings.port, settings.allowedOrigins]);
    if (key === this.appliedKey) return undefined;
    return this.start();
  }

  /** Starts and stops run one after another: two overlapping starts would race for the same port. */
  private serially<T>(work: () => Promise<T>): Promise<T> {
    const run = this.queue.then(work, work);
    this.queue = run.then(
      () => undefined,
      () => undefined,
    );
    return run;
  }

  private async restart(port?: number): Promise<number | undefined> {
    const link = this.ensureLink();
    await link.server.stop();
    const settings = gameLinkSettings((m) => this.ctx.warn(m));
    this.rebuildSync();
    this.updateWatch();
    try {
      const started = await link.server.start({ port: port ?? settings.port, allowedOrigins: settings.allowedOrigins });
      this.appliedKey = JSON.stringify([started, settings.allowedOrigins]);
      return started;
    } catch (error) {
      if (error instanceof PortInUseError) void this.offerOtherPort(error);
      else this.ctx.fail('Starting the game link server', error);
      return undefined;
    }
  }

  dispose(): void {
    void this.link?.stop();
  }

  /** The link, its Game root and its listeners: made once, on first need. The bridge settings it takes (ports, dead-owner checks) apply from the next VS Code start. */
  private ensureLink(): GameLink {
    if (this.link) return this.link;
    const warn = (m: string) => this.ctx.warn(m);
    const bridge = bridgeSettings(warn);
    const link = new GameLink({
      bridge: { token: this.bridgeToken(), registry: () => this.ctx.registry, requestPort: bridge.requestPort, freePortsPort: bridge.freePortsPort, liveness: bridge.liveness },
      log: (line) => this.ctx.log.info(`game link: ${line}`),
    });
    this.link = link;
    const stops = [
      link.server.onStatus.on(() => this.onStatus.emit()),
      link.hub.onLink.on(() => (this.updateWatch(), this.onStatus.emit())),
      link.server.onGame.on(() => void this.onGameConnected()),
      this.ctx.registry.onChange(() => this.updateWatch()),
    ];
    this.ctx.track({ dispose: () => stops.forEach((stop) => stop()) });
    // The Game root shows while a game is connected; otherwise the status bar says what the link waits for.
    const source = new GameSource(link.server, link.hub, { capacity: () => bridgeSettings(() => {}).capacity, pinned: () => this.pinned });
    let shown: vscode.Disposable | undefined;
    const showSource = () => {
      const connected = link.server.connected || link.hub.link !== undefined;
      if (connected && !shown) shown = this.ctx.addSource(source);
      if (!connected && shown) {
        shown.dispose();
        shown = undefined;
      }
    };
    stops.push(link.server.onStatus.on(showSource), link.hub.onLink.on(showSource), () => shown?.dispose());
    return link;
  }

  rebuildSync(): void {
    const options = syncSettings((m) => this.ctx.warn(m));
    this.sync = this.link && options ? new FileSync(this.link.server, options, (line) => this.ctx.log.info(`sync: ${line}`)) : undefined;
  }

  /**
   * The ports the bridge watches: the defaults, the registry's, the pinned ones, and the workspace's port map. `warn`
   * reports a broken watchPorts setting (when the user just changed it; the other callers stay quiet).
   */
  updateWatch(warn: (m: string) => void = () => {}): void {
    if (!this.link) return;
    const watch = new Set(bridgeSettings(warn).watch);
    for (const r of this.ctx.registry.status().reserved) watch.add(r.port);
    for (const p of this.pinned) watch.add(p);
    const portMap = this.ctx.portMap;
    // The language feature publishes the port map once it has indexed the workspace, possibly after we start.
    if (portMap && portMap !== this.portMapWatched) {
      this.portMapWatched = portMap;
      const stop = portMap.onDidChange(() => this.updateWatch());
      this.ctx.track({ dispose: stop });
    }
    for (const e of portMap?.entries() ?? []) watch.add(e.port);
    this.link.hub.setWatch(watch, this.deep);
  }

  async setPinned(port: number, on: boolean): Promise<void> {
    await this.toggle(PINNED_KEY, port, on);
    this.updateWatch();
  }

  async setDeep(port: number, on: boolean): Promise<void> {
    await this.toggle(DEEP_KEY, port, on);
    if (on) await this.toggle(PINNED_KEY, port, true);
    this.updateWatch();
  }

  /** Pushes a synced file (or a new folder's files) and keeps the RAM; other files are left alone. Failures are shown, success stays quiet. */
  async push(file: string): Promise<void> {
    if (!this.sync || !this.link?.server.connected) return;
    if (statSync(file, { throwIfNoEntry: false })?.isDirectory()) {
      const outcome = await this.sync.pushAll(file);
      for (const f of outcome.failed) this.ctx.fail(`Pushing ${vscode.workspace.asRelativePath(f.file)}`, f.error);
      return;
    }
    if ('skip' in this.sync.verdict(file)) return;
    try {
      const outcome = await this.sync.push(file);
      if (outcome.ram !== undefined) this.ram.set(file, outcome.ram);
      this.onStatus.emit();
    } catch (error) {
      this.ctx.fail(`Pushing ${vscode.workspace.asRelativePath(file)}`, error);
    }
  }

  /** Mirrors a local delete (a file, or a folder's synced files) into the game's trash. */
  async remove(path: string): Promise<void> {
    if (!this.sync || !this.link?.server.connected) return;
    try {
      this.ram.delete(path);
      await this.sync.removeUnder(path);
    } catch (error) {
      this.ctx.fail(`Mirroring the delete of ${vscode.workspace.asRelativePath(path)}`, error);
    }
  }

  ramTooltip(file: string, gb: number): vscode.MarkdownString {
    const md = new vscode.MarkdownString(`**${gb.toFixed(2)} GB**: the game's calculateRam after the last push\n\n`);
    if (!this.ramCosts) return md.appendMarkdown('Run **Bitburner Ports: Fetch NetscriptDefinitions.d.ts** to see the cost of each function.');
    const text = vscode.workspace.textDocuments.find((d) => d.uri.fsPath === file)?.getText() ?? readFileSync(file, 'utf8');
    const rows = ramCharges(text, this.ramCosts).map((c) => `| ${c.name} | ${c.gb.toFixed(2)} |`);
    return md.appendMarkdown(['| function | GB |', '|---|---:|', '| (base) | 1.60 |', ...rows].join('\n'));
  }

  private async onGameConnected(): Promise<void> {
    this.sync?.forgetSent();
    const sync = syncSettings(() => {});
    if (sync?.pushAllOnConnect) await vscode.commands.executeCommand('bitburnerPorts.sync.pushAll');
    if (gameLinkSettings(() => {}).definitionsOnConnect) await vscode.commands.executeCommand('bitburnerPorts.gameLink.fetchDefinitions');
  }

  private async offerOtherPort(error: PortInUseError): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`Bitburner Ports: ${error.message}`, 'Use Another Port…', 'Retry');
    if (choice === 'Retry') await this.start();
    if (choice !== 'Use Another Port…') return;
    const input = await vscode.window.showInputBox({ title: 'Remote API port', value: String(error.port + 1), validateInput: (t) => (/^\d+$/.test(t) && +t > 0 && +t < 65536 ? undefined : 'A port from 1 to 65535') });
    if (!input) return;
    // The setting's change listener restarts the server on the new port.
    await vscode.workspace.getConfiguration('bitburnerPorts').update('gameLink.port', Number(input), vscode.ConfigurationTarget.Global);
  }

  /**
   * The bridge's token: made once and kept in the extension's global state (VS Code's own store, never settings.json,
   * not synced). The secret store would be the natural place, but it does not answer in every host (code-server).
   */
  private bridgeToken(): string {
    const state = this.ctx.extension.globalState;
    let token = state.get<string>(TOKEN_KEY);
    if (!token) {
      token = newBridgeToken();
      void state.update(TOKEN_KEY, token);
    }
    return token;
  }

  private async toggle(key: string, port: number, on: boolean): Promise<void> {
    const set = new Set(this.ctx.extension.workspaceState.get<number[]>(key, []));
    if (on) set.add(port);
    else set.delete(port);
    await this.ctx.extension.workspaceState.update(key, [...set].sort((a, b) => a - b));
  }
}
