import type { PortEvent } from '../engine/events';
import { EngineSource } from '../port-view/engine-source';
import type { PortMapProvider } from '../port-view/port-map';
import type { ProcessMapProvider } from '../port-view/process-map';
import { previewItem } from '../port-view/preview';
import type { PortSource } from '../port-view/source';
import { parseToExtension, portId, type PortAction, type SourceView, type ToWebview, type TrafficEvent } from './protocol';
import { Recorder, type Recording } from './recording';
import { TrafficAggregator } from './traffic';

/** At most ten messages a second, however fast the ports move. */
const FEED_INTERVAL_MS = 100;

export interface FeedOptions {
  /** Delivers a message to the webview (it may drop them while the webview is hidden: it asks for a state when back). */
  post(message: ToWebview): void;
  /** The workspace's port map, when the language feature has published one. Looked up on every update. */
  portMap?: () => PortMapProvider | undefined;
  /** The external processes, when the processes feature has a manager. Looked up on every update. */
  processes?: () => ProcessMapProvider | undefined;
}

/** What the feed needs of whoever shows the webview: the editor, or a test page playing the editor's part. */
export interface DashboardHost {
  /** Acts on a port the way the Ports view does. */
  act(action: PortAction, source: string, port: number, value?: unknown): Promise<void>;
  saveRecording(recording: Recording): Promise<void>;
  /** A recording the user picked, or undefined when they cancelled. */
  openRecording(): Promise<{ recording: Recording; name: string } | undefined>;
  /** A message or an action that failed: shown to the user, and to the webview. */
  fail(action: string, error: unknown): void;
}

/**
 * The extension's side of the dashboard, without the editor: it listens to the port sources while it lives,
 * aggregates their events and sends the webview a batch at most every FEED_INTERVAL_MS. The engine reports events;
 * other sources are seen through snapshots when they say they changed.
 */
export class DashboardFeed {
  private readonly aggregator = new TrafficAggregator();
  private sources: readonly PortSource[] = [];
  private stops: (() => void)[] = [];
  private readonly stale = new Set<PortSource>();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private recorder: Recorder | undefined;
  private inspected: string | null = null;
  private inspectedChanged = false;
  private readonly portMap: Follower<PortMapProvider>;
  private readonly processes: Follower<ProcessMapProvider>;
  /** Messages posted so far (the bench reports the rate). */
  posted = 0;

  constructor(
    sources: readonly PortSource[],
    private readonly options: FeedOptions,
  ) {
    const changed = () => this.schedule();
    this.portMap = new Follower(options.portMap, (p, l) => p.onDidChange(l), (p) => this.aggregator.setPortMap(p?.entries() ?? []), changed);
    this.processes = new Follower(options.processes, (p, l) => p.onChange(l), (p) => this.aggregator.setProcesses(p?.list() ?? []), changed);
    this.setSources(sources);
  }

  /** Listens to these sources from now on (one was added or removed); what was seen of the others stays. */
  setSources(sources: readonly PortSource[]): void {
    this.unsubscribe();
    this.sources = [...sources];
    const now = Date.now();
    for (const source of sources) {
      this.aggregator.setSource(sourceView(source));
      if (source instanceof EngineSource) {
        // Totals since the engine started, for every port it has used: the counts do not start with the panel.
        for (const { port, totals } of source.engine.allTotals()) this.aggregator.seed(source.id, port, source.engine.size(port), now, totals);
        // Rates too, measured by the source whether or not the panel is open (they also change with no event).
        this.aggregator.useRates(source.id, (port) => source.rates.of(port));
        this.stops.push(source.engine.subscribe((event) => this.onEvent(source.id, event)), source.rates.onChange(() => this.schedule()));
      } else {
        this.aggregator.observe(source.id, source.ports(), now);
        this.stops.push(source.watch(() => this.onSnapshot(source)));
      }
    }
    this.schedule();
  }

  /** Handles one message from the webview. */
  async receive(data: unknown, host: DashboardHost): Promise<void> {
    let message;
    try {
      message = parseToExtension(data);
      switch (message.type) {
        case 'ready':
          return this.sendState();
        case 'inspect':
          return this.inspect(message.id);
        case 'act':
          await host.act(message.action, message.source, message.port, message.value);
          return this.inspect(this.inspected);
        case 'record': {
          if (message.on) return this.startRecording();
          const recording = this.stopRecording();
          if (recording) await host.saveRecording(recording);
          return;
        }
        case 'openRecording': {
          const opened = await host.openRecording();
          if (opened) this.post({ type: 'replay', recording: opened.recording, name: opened.name });
          return;
        }
      }
    } catch (error) {
      const action = message ? `Dashboard ${message.type}` : 'Dashboard message';
      host.fail(action, error);
      this.post({ type: 'error', message: `${action} failed: ${error instanceof Error ? error.message : String(error)}` });
    }
  }

  /** Everything, for a webview that (re)loaded. */
  sendState(): void {
    this.refresh();
    this.post({ type: 'state', state: this.aggregator.takeState(Date.now()), recording: this.recorder !== undefined });
    this.sendItems();
  }

  inspect(id: string | null): void {
    this.inspected = id;
    this.sendItems();
  }

  startRecording(): void {
    const now = Date.now();
    const state = this.aggregator.takeState(now);
    this.recorder = new Recorder(now, state.sources, state.ports.filter((p) => p.size > 0).map((p) => ({ source: p.source, port: p.port, size: p.size })));
    this.post({ type: 'recording', on: true, events: 0 });
  }

  /** Ends the recording; undefined when none was running. */
  stopRecording(): Recording | undefined {
    const recording = this.recorder?.finish(Date.now());
    this.recorder = undefined;
    this.post({ type: 'recording', on: false, events: recording?.events.length ?? 0 });
    return recording;
  }

  dispose(): void {
    this.unsubscribe();
    this.recorder = undefined;
  }

  private onEvent(source: string, event: PortEvent): void {
    const e: TrafficEvent = { t: event.time, source, port: event.port, kind: event.kind, size: event.size };
    if (event.actor !== undefined) e.actor = event.actor;
    if ('value' in event) e.value = previewItem(event.value).text;
    if (event.cleared !== undefined) e.cleared = event.cleared;
    this.aggregator.apply(e);
    this.recorder?.add(e);
    if (this.inspected === portId(source, event.port)) this.inspectedChanged = true;
    this.schedule();
  }

  private onSnapshot(source: PortSource): void {
    this.stale.add(source);
    this.schedule();
  }

  private schedule(): void {
    this.timer ??= setTimeout(() => this.flush(), FEED_INTERVAL_MS);
  }

  private flush(): void {
    this.timer = undefined;
    this.refresh();
    const delta = this.aggregator.takeDelta(Date.now());
    if (delta) this.post({ type: 'delta', delta });
    if (this.inspectedChanged) this.sendItems();
    if (this.recorder) this.post({ type: 'recording', on: true, events: this.recorder.count });
    // Rates fall to 0 by themselves after traffic stops; keep sending until they have.
    if (this.aggregator.moving) this.schedule();
  }

  /** Brings in what has no events: snapshot sources that changed, capacities, the port map, the processes. */
  private refresh(): void {
    const now = Date.now();
    for (const source of this.sources) if (source instanceof EngineSource) this.aggregator.setSource(sourceView(source));
    for (const source of this.stale) {
      for (const e of this.aggregator.observe(source.id, source.ports(), now)) {
        this.recorder?.add(e);
        if (this.inspected === portId(e.source, e.port)) this.inspectedChanged = true;
      }
    }
    this.stale.clear();
    this.portMap.check();
    this.processes.check();
  }

  private sendItems(): void {
    this.inspectedChanged = false;
    if (this.inspected === null) return;
    const id = this.inspected;
    for (const source of this.sources) {
      for (const state of source.ports()) {
        if (portId(source.id, state.port) === id) return this.post({ type: 'items', id, items: state.items.map(toJsonSafe), complete: state.complete });
      }
    }
    this.post({ type: 'items', id, items: [], complete: true });
  }

  private post(message: ToWebview): void {
    this.posted++;
    this.options.post(message);
  }

  private unsubscribe(): void {
    for (const stop of this.stops) stop();
    this.stops = [];
    this.portMap.stop();
    this.processes.stop();
    clearTimeout(this.timer);
    this.timer = undefined;
    this.stale.clear();
  }
}

/** A provider that may appear or be replaced at any time: read when it does, and again whenever it says it changed. */
class Follower<P> {
  private looked = false;
  private provider: P | undefined;
  private stopListening = (): void => {};

  constructor(
    private readonly lookUp: (() => P | undefined) | undefined,
    private readonly listen: (provider: P, listener: () => void) => () => void,
    private readonly read: (provider: P | undefined) => void,
    private readonly changed: () => void,
  ) {}

  check(): void {
    const provider = this.lookUp?.();
    if (this.looked && provider === this.provider) return;
    this.stop();
    this.looked = true;
    this.provider = provider;
    if (provider) {
      this.stopListening = this.listen(provider, () => {
        this.read(provider);
        this.changed();
      });
    }
    this.read(provider);
  }

  /** Stops listening; the next check reads the provider afresh. */
  stop(): void {
    this.stopListening();
    this.stopListening = () => {};
    this.looked = false;
  }
}

function sourceView(source: PortSource): SourceView {
  const capacity = source instanceof EngineSource ? source.engine.capacity : (source.ports()[0]?.capacity ?? 0);
  return { id: source.id, label: source.label, capacity };
}

/** Items as JSON (what a webview message can carry), with Maps, Sets and bigints spelled out rather than lost. */
export function toJsonSafe(value: unknown): unknown {
  try {
    const text = JSON.stringify(value, (_key, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v instanceof Map ? { Map: [...v] } : v instanceof Set ? { Set: [...v] } : v));
    return text === undefined ? String(value) : JSON.parse(text);
  } catch {
    return previewItem(value).text;
  }
}
