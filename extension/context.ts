import { join } from 'node:path';
import * as vscode from 'vscode';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import type { PortMapProvider } from '../core/port-view/port-map';
import type { ProcessMapProvider } from '../core/port-view/process-map';
import type { PortSource } from '../core/port-view/source';
import { DEFAULT_FIRST_PORT, JsonFileStore, PortRegistry } from '../core/registry';
import type { PortsTree } from './ports/view';
import { onSettingChanged, positiveIntegerSetting } from './settings';

/**
 * The one object every feature gets: the engine, the registry, the port sources the views show, the log, and the
 * disposables that die with the extension. Expensive parts are built on first use.
 */
export class PortsContext {
  readonly log: vscode.LogOutputChannel;
  readonly engine: PortEngine;
  readonly engineSource: EngineSource;
  private readonly sourceList: PortSource[] = [];
  private readonly sourcesChanged = new vscode.EventEmitter<void>();
  readonly onDidChangeSources = this.sourcesChanged.event;
  private registryInstance: PortRegistry | undefined;
  /** Set by the Ports view; commands refresh it at once so a user sees what they just did. */
  portsTree: PortsTree | undefined;
  /** Set by the Registry view (the integration tests read its rows). */
  registryTree: vscode.TreeDataProvider<unknown> | undefined;
  /** Set by the language feature once it has indexed the workspace. */
  portMap: PortMapProvider | undefined;
  /** Set by the processes feature once its process manager exists. */
  processes: ProcessMapProvider | undefined;
  /** Set by the Processes view (the integration tests read its rows). */
  processesTree: vscode.TreeDataProvider<unknown> | undefined;
  /** Set by the playground feature: its Test Explorer controller and each test's last outcome (the integration tests read them). */
  playgroundTests: { controller: vscode.TestController; outcomes: Map<string, 'passed' | 'failed'>; discover(): Thenable<void>; runAll(): Promise<void> } | undefined;
  /** The `when` context keys as the extension last set them (VS Code has no API to read one back). */
  readonly contextKeys = new Map<string, boolean>();
  private readonly gameRamChanged = new vscode.EventEmitter<string>();
  /** Fires with the file whenever the game's figure for it is set or dropped. */
  readonly onDidChangeGameRam = this.gameRamChanged.event;
  /** RAM (GB) per synced file as the connected game's calculateRam last said: the game link fills it, the RAM estimate defers to it. */
  readonly gameRam = new ObservedMap<string, number>((file) => this.gameRamChanged.fire(file));

  constructor(readonly extension: vscode.ExtensionContext) {
    this.log = vscode.window.createOutputChannel('Bitburner Ports', { log: true });
    this.engine = new PortEngine({ capacity: this.capacitySetting() });
    this.engineSource = new EngineSource(this.engine);
    this.sourceList.push(this.engineSource);
    this.track(this.log, this.sourcesChanged, this.gameRamChanged, { dispose: () => this.engineSource.rates.dispose() });
    this.track(onSettingChanged('engine.capacity', () => (this.engine.capacity = this.capacitySetting())));
  }

  get sources(): readonly PortSource[] {
    return this.sourceList;
  }

  /** Adds a root to the port views (the game, for one); it goes away with the returned disposable. */
  addSource(source: PortSource): vscode.Disposable {
    this.sourceList.push(source);
    this.sourcesChanged.fire();
    return new vscode.Disposable(() => {
      const i = this.sourceList.indexOf(source);
      if (i >= 0) this.sourceList.splice(i, 1);
      this.sourcesChanged.fire();
    });
  }

  source(id: string): PortSource | undefined {
    return this.sourceList.find((s) => s.id === id);
  }

  /** The port registry, kept in the workspace's storage (or the global one without a workspace). */
  get registry(): PortRegistry {
    if (!this.registryInstance) {
      const dir = (this.extension.storageUri ?? this.extension.globalStorageUri).fsPath;
      const path = join(dir, 'port-registry.json');
      this.registryInstance = new PortRegistry({
        firstPort: positiveIntegerSetting('registry.firstPort', DEFAULT_FIRST_PORT, (m) => this.warn(m)),
        store: new JsonFileStore(path, (m) => this.warn(m)),
        clearPort: (port) => this.engine.clear(port, 'registry'),
      });
      this.log.info(`port registry: ${path}`);
    }
    return this.registryInstance;
  }

  private readonly stoppers: Array<() => Promise<unknown>> = [];

  /** Work that must finish before VS Code closes (external programs stopping): deactivate() waits for it. */
  onShutdown(stop: () => Promise<unknown>): void {
    this.stoppers.push(stop);
  }

  shutdown(): Promise<void> {
    return Promise.allSettled(this.stoppers.map((stop) => stop())).then(() => undefined);
  }

  /** Ties disposables to the extension's life. */
  track(...disposables: vscode.Disposable[]): void {
    this.extension.subscriptions.push(...disposables);
  }

  warn(message: string): void {
    this.log.warn(message);
    void vscode.window.showWarningMessage(message);
  }

  /** Shows a failure to the user with what to do, and keeps it in the log. */
  fail(action: string, error: unknown): void {
    const message = `${action} failed: ${error instanceof Error ? error.message : String(error)}`;
    this.log.error(message);
    void vscode.window.showErrorMessage(message);
  }

  private capacitySetting(): number {
    return positiveIntegerSetting('engine.capacity', 50, (m) => this.warn(m));
  }
}

/** A Map that says when an entry is set or deleted (a plain Map the game link fills, with a change event). */
class ObservedMap<K, V> extends Map<K, V> {
  constructor(private readonly changed: (key: K) => void) {
    super();
  }
  override set(key: K, value: V): this {
    super.set(key, value);
    this.changed(key);
    return this;
  }
  override delete(key: K): boolean {
    const had = super.delete(key);
    if (had) this.changed(key);
    return had;
  }
}
