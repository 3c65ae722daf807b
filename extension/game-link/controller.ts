import { readFileSync, statSync } from 'node:fs';
import * as vscode from 'vscode';
import { GameSource } from '../../core/game-link/bridge/game-source';
import { BRIDGE_SCRIPT } from '../../core/game-link/bridge/protocol';
import { BRIDGE_SOURCE } from '../../core/game-link/bridge/script-text';
import { watchBridgeVersion } from '../../core/game-link/bridge/version-check';
import { bridgeTokenFile, loadBridgeToken } from '../../core/game-link/bridge/token-store';
import { GameLink } from '../../core/game-link/link';
import { PortInUseError, type LinkStatus } from '../../core/game-link/remote-api/game-server';
import { FileSync } from '../../core/game-link/sync/file-sync';
import { SyncLedger, type LedgerData } from '../../core/game-link/sync/ledger';
import { withPushed, type SyncCheck } from '../../core/game-link/sync/sync-check';
import { ramCharges } from '../../core/game-link/sync/ram-costs';
import { Signal } from '../../core/game-link/signal';
import type { PortMapProvider } from '../../core/port-view/port-map';
import type { PortsContext } from '../context';
import { ContextKeys } from './context-keys';
import { PortClaims } from './port-claim';
import { reconcileOnConnect } from './reconcile';
import { promptForRefusedOrigins } from './origin-prompt';
import { bridgeSettings, gameLinkSettings, syncSettings } from './settings';

const TOKEN_KEY = 'bitburnerPorts.bridgeToken';
const PINNED_KEY = 'bitburnerPorts.pinnedPorts';
const DEEP_KEY = 'bitburnerPorts.deepViewPorts';
/** The versions of each file exchanged with the game (hashes only), for reconcile. */
const LEDGER_KEY = 'bitburnerPorts.syncLedger';

/**
 * The game link inside VS Code: one GameLink (server + bridge hub), the file sync on top of it, the Game root in the
 * Ports view, and the ports the bridge watches. Built on first need (autoStart after start-up, or a command).
 */
export class GameLinkController {
  readonly onStatus = new Signal<void>();
  /** RAM (GB) per synced file, as calculateRam last said (kept on the context: the RAM estimate compares with it). */
  get ram(): Map<string, number> {
    return this.ctx.gameRam;
  }
  /** Per-function RAM from the game's definitions, once fetched. */
  ramCosts: Map<string, number> | undefined;
  private portMapWatched: PortMapProvider | undefined;
  private queue: Promise<void> = Promise.resolve();
  link: GameLink | undefined;
  sync: FileSync | undefined;
  /** The port and allow-list the running server was started with. */
  private appliedKey: string | undefined;
  /** The sync folder against the game's files: "in sync" only once a reconcile said so. */
  syncCheck: SyncCheck = { state: 'unchecked' };

  /** Set while the configured port is held by Bitburner Ports in another window (which the game then talks to). */
  elsewhere: { port: number; pid: number } | undefined;
  /** Whether anything (a command, the auto-start) started or stopped the server yet: the auto-start never overrides that. */
  startAsked = false;
  readonly contextKeys: ContextKeys;
  private readonly claims: PortClaims;

  constructor(readonly ctx: PortsContext) {
    this.claims = new PortClaims(ctx.extension.globalStorageUri.fsPath);
    this.contextKeys = new ContextKeys(ctx.contextKeys);
  }

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
    this.startAsked = true;
    return this.serially(() => this.restart(port));
  }

  stop(): Promise<void> {
    this.startAsked = true;
    return this.serially(() => this.stopServer());
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
    await this.stopServer();
    const settings = gameLinkSettings((m) => this.ctx.warn(m));
    this.rebuildSync();
    this.updateWatch();
    this.elsewhere = undefined;
    try {
      const started = await link.server.start({ port: port ?? settings.port, allowedOrigins: settings.allowedOrigins });
      this.appliedKey = JSON.stringify([started, settings.allowedOrigins]);
      this.claims.claim(started);
      return started;
    } catch (error) {
      if (error instanceof PortInUseError) this.portInUse(error);
      else this.ctx.fail('Starting the game link server', error);
      return undefined;
    }
  }

  /** Another window of ours on the port is no error: the game connects there, and the status bar says so quietly. */
  private portInUse(error: PortInUseError): void {
    const pid = this.claims.heldElsewhere(error.port);
    if (pid === undefined) return void this.offerOtherPort(error);
    this.elsewhere = { port: error.port, pid };
    this.ctx.log.info(`game link: port ${error.port} is held by Bitburner Ports in another VS Code window (extension host ${pid}); not starting here`);
    this.onStatus.emit();
  }

  private async stopServer(): Promise<void> {
    const port = this.link?.server.status.port;
    await this.link?.server.stop();
    if (port) this.claims.release(port);
  }

  dispose(): void {
    const port = this.link?.server.status.port;
    if (port) this.claims.release(port);
    void this.link?.stop();
  }

  /** The link, its Game root and its listeners: made once, on first need. The bridge settings it takes (ports, dead-owner checks) apply from the next VS Code start. */
  private ensureLink(): GameLink {
    if (this.link) return this.link;
    const warn = (m: string) => this.ctx.warn(m);
    const bridge = bridgeSettings(warn);
    const link = new GameLink({
      bridge: { token: this.bridgeToken(), registry: () => this.ctx.registry, requestPort: bridge.requestPort, freePortsPort: bridge.freePortsPort, freePortsFill: bridge.freePortsFill, liveness: bridge.liveness },
      log: (line) => this.ctx.log.info(`game link: ${line}`),
    });
    this.link = link;
    const stops = [
      link.server.onStatus.on(() => this.onStatus.emit()),
      link.hub.onLink.on(() => (this.updateWatch(), this.onStatus.emit())),
      link.server.onGame.on(() => void this.onGameConnected()),
      link.server.onStatus.on((s) => s.state !== 'connected' && this.setSyncCheck({ state: 'unchecked' })),
      watchBridgeVersion(link, {
        source: BRIDGE_SOURCE,
        target: () => ({ server: this.sync?.options.server ?? 'home', liveness: bridgeSettings(() => {}).liveness }),
        notify: (text) => this.tellOutdatedBridge(text),
        log: (line) => this.ctx.log.info(`game link: ${line}`),
      }),
      this.ctx.registry.onChange(() => this.updateWatch()),
      promptForRefusedOrigins(this.ctx, link.server),
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
    const state = this.ctx.extension.workspaceState;
    const ledger = new SyncLedger({ load: () => state.get(LEDGER_KEY), save: (data: LedgerData) => void state.update(LEDGER_KEY, data) });
    this.sync = this.link && options ? new FileSync(this.link.server, options, (line) => this.ctx.log.info(`sync: ${line}`), ledger) : undefined;
    this.setSyncCheck({ state: 'unchecked' });
  }

  setSyncCheck(check: SyncCheck): void {
    this.syncCheck = check;
    this.onStatus.emit();
  }

  /** A file the game now has as the folder does. */
  markSynced(gamePath: string): void {
    this.setSyncCheck(withPushed(this.syncCheck, gamePath));
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
      this.markSynced(outcome.gamePath);
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
    if (this.sync) await reconcileOnConnect(this, this.sync);
    if (gameLinkSettings(() => {}).definitionsOnConnect) await vscode.commands.executeCommand('bitburnerPorts.gameLink.fetchDefinitions');
  }

  private tellOutdatedBridge(text: string): void {
    this.ctx.log.warn(`game link: ${text}`);
    void vscode.window.showWarningMessage(`Bitburner Ports: ${text}`, 'Copy Command').then((choice) => {
      const pid = this.link?.hub.link?.pid;
      if (choice) void vscode.env.clipboard.writeText(pid === undefined ? `run ${BRIDGE_SCRIPT}` : `kill ${pid}; run ${BRIDGE_SCRIPT}`);
    });
  }

  private async offerOtherPort(error: PortInUseError): Promise<void> {
    const choice = await vscode.window.showErrorMessage(`Bitburner Ports: ${error.message}`, 'Use Another Port…', 'Retry');
    if (choice === 'Retry') await this.start();
    if (choice === 'Use Another Port…') await this.useAnotherPort(error.port);
  }

  /** Asks for another Remote API port, keeps it in the user settings and starts there. */
  async useAnotherPort(busy: number): Promise<void> {
    const input = await vscode.window.showInputBox({ title: 'Remote API port', prompt: 'Set the same port in the game under Options → Remote API', value: String(busy + 1), validateInput: (t) => (/^\d+$/.test(t) && +t > 0 && +t < 65536 ? undefined : 'A port from 1 to 65535') });
    if (!input) return;
    // A running (or failed) server restarts through the setting's change listener; a stopped one starts here.
    const stopped = this.status.state === 'stopped';
    await vscode.workspace.getConfiguration('bitburnerPorts').update('gameLink.port', Number(input), vscode.ConfigurationTarget.Global);
    if (stopped) await this.start();
  }

  /**
   * The bridge's token: the one `bbports serve` keeps too (the user's config folder, readable only by them, never
   * settings.json nor the synced folder), so a bridge installed by either links to both and survives restarts. A token
   * kept in the extension's global state by an earlier version is carried over.
   */
  private bridgeToken(): string {
    return loadBridgeToken(bridgeTokenFile(), this.ctx.extension.globalState.get<string>(TOKEN_KEY));
  }

  private async toggle(key: string, port: number, on: boolean): Promise<void> {
    const set = new Set(this.ctx.extension.workspaceState.get<number[]>(key, []));
    if (on) set.add(port);
    else set.delete(port);
    await this.ctx.extension.workspaceState.update(key, [...set].sort((a, b) => a - b));
  }
}
