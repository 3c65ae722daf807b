import type { PortStats } from '../engine/stats';
import type { PortMapEntry } from '../port-view/port-map';
import type { KnownProcess } from '../port-view/process-map';
import type { PortRates, PortState } from '../port-view/source';
import type { ActorView, DashboardDelta, DashboardState, DepthPoint, EdgeView, PortMark, PortView, SourceView, TrafficEvent } from './protocol';
import { portId } from './protocol';
import { RateMeter } from './rate';

/** How far back the depth sparklines reach. */
const DEPTH_WINDOW_MS = 5 * 60_000;
/** Events kept per port for the inspector's timeline. */
export const RECENT_EVENTS = 50;
const SECOND = 1000;
const UNTAGGED = '(untagged)';

interface PortTrack {
  view: PortView;
  writes: RateMeter;
  reads: RateMeter;
  /** Evicted items a snapshot-only source had reported so far. */
  evictedSeen: number;
  /** Writes and front changes a snapshot-only source had noticed so far (the bridge's counts). */
  writesSeen: number;
  frontChangesSeen: number;
  changed: boolean;
  /** Indexes from which depth and marks changed since the last delta, and how many recent events are new. */
  depthFrom: number;
  marksFrom: number;
  newRecent: number;
}

/** An edge known before traffic: a script's code uses the port, or a process definition names it. */
interface DeclaredLink {
  role: 'write' | 'read';
  port: number;
  actor: ActorView;
  /** The source the port lives on; without one, every port with that number (or the first source's). */
  source?: string;
}

interface EdgeTrack {
  view: EdgeView;
  meter: RateMeter;
  changed: boolean;
}

/**
 * Turns port events into what the dashboard draws: per port its length, counts, rates, a per-second depth series
 * and eviction/clear marks; who writes to and reads from each port, with rates. It has no clock and no I/O: the
 * extension feeds it live events, the webview feeds it a recording to replay, tests feed it whatever they like.
 */
export class TrafficAggregator {
  private readonly sources = new Map<string, SourceView>();
  private readonly ports = new Map<string, PortTrack>();
  private readonly actors = new Map<string, ActorView>();
  private readonly edges = new Map<string, EdgeTrack>();
  private newActors: ActorView[] = [];
  private sourcesChanged = false;
  private codeLinks: DeclaredLink[] = [];
  private processLinks: DeclaredLink[] = [];
  private processActors: ActorView[] = [];
  /** Sources that measure their ports' rates themselves (the engine, from its totals): theirs replace the meters'. */
  private readonly measured = new Map<string, (port: number) => PortRates>();

  constructor(readonly windowMs = DEPTH_WINDOW_MS) {}

  /** Adds a source, or updates its label or capacity (the capacity setting can change at any time). */
  setSource(source: SourceView): void {
    const old = this.sources.get(source.id);
    if (old && old.label === source.label && old.capacity === source.capacity) return;
    this.sources.set(source.id, { ...source });
    this.sourcesChanged = true;
  }

  /**
   * Takes a source's port rates from the source from now on, rather than from the events seen here: they then count
   * from before the dashboard looked, and agree with every other view of that source.
   */
  useRates(source: string, rates: (port: number) => PortRates): void {
    this.measured.set(source, rates);
  }

  /**
   * Sets a port's length and its totals so far without counting them as traffic: what happened before the dashboard
   * looked. Events applied after it add to these totals, so a source that counts (the engine) and this agree.
   */
  seed(source: string, port: number, size: number, time: number, totals?: PortStats): void {
    const track = this.portFor(source, port);
    track.view.size = size;
    if (totals) Object.assign(track.view, totals);
    this.depthAt(track, time, size);
  }

  apply(event: TrafficEvent): void {
    const track = this.portFor(event.source, event.port);
    const v = track.view;
    v.size = event.size;
    // A source that had no ports when it was added says capacity 0 (unknown): the port's own capacity stands then.
    v.capacity = this.sources.get(event.source)?.capacity || v.capacity;
    track.changed = true;
    const second = secondOf(event.t);
    this.depthAt(track, event.t, event.size);
    switch (event.kind) {
      case 'write':
        v.writes++;
        track.writes.add(event.t);
        this.edge(actorId(event), v.id, 'write', event).meter.add(event.t);
        break;
      case 'read':
        v.reads++;
        track.reads.add(event.t);
        this.edge(v.id, actorId(event), 'read', event).meter.add(event.t);
        break;
      case 'evict':
        v.evictions++;
        this.mark(track, second, 'evict', 1);
        break;
      case 'clear':
        v.clears++;
        this.mark(track, second, 'clear', event.cleared ?? 0);
        break;
      case 'refused':
        v.refused++;
        break;
    }
    v.recent.push(event);
    if (v.recent.length > RECENT_EVENTS) v.recent.shift();
    track.newRecent = Math.min(track.newRecent + 1, RECENT_EVENTS);
  }

  /**
   * A source that cannot report events (the game seen through snapshots): its changes become one event per port per
   * snapshot, so its counts are lower bounds. Returns those events, for a recording.
   */
  observe(source: string, states: readonly PortState[], time: number): TrafficEvent[] {
    const events: TrafficEvent[] = [];
    const seen = new Set<number>();
    for (const state of states) {
      seen.add(state.port);
      const track = this.portFor(source, state.port);
      track.view.capacity = state.capacity;
      // A port seen without deep view shows its front item only; "full" still tells its length when it matters most.
      const size = state.full ? state.capacity : state.items.length;
      for (let i = track.evictedSeen; i < state.evicted.length; i++) events.push({ t: time, source, port: state.port, kind: 'evict', size });
      track.evictedSeen = state.evicted.length;
      const unknown = !state.complete && !state.full;
      if (unknown !== (track.view.depthUnknown ?? false)) {
        track.view.depthUnknown = unknown;
        track.changed = true;
      }
      const noticed = this.noticed(track, state);
      const event = (kind: 'write' | 'read') => events.push({ t: time, source, port: state.port, kind, size });
      for (let i = 0; i < noticed.writes; i++) event('write');
      for (let i = 0; i < noticed.reads; i++) event('read');
      const grew = size > track.view.size;
      if (size !== track.view.size && !(grew ? noticed.writes : noticed.reads)) event(grew ? 'write' : 'read');
    }
    for (const track of this.ports.values()) {
      const v = track.view;
      if (v.source === source && !seen.has(v.port) && v.size > 0) events.push({ t: time, source, port: v.port, kind: 'read', size: 0 });
    }
    for (const event of events) this.apply(event);
    return events;
  }

  /**
   * Traffic the source noticed since the last snapshot (the bridge counts writes and front changes, which a queue
   * growing behind the same front item shows, though its length does not). A new bridge counts from 0 again.
   */
  private noticed(track: PortTrack, state: PortState): { writes: number; reads: number } {
    const writes = state.seen?.writes ?? 0;
    const fronts = state.seen?.frontChanges ?? 0;
    const delta = { writes: Math.max(0, writes - track.writesSeen), reads: Math.max(0, fronts - track.frontChangesSeen) };
    track.writesSeen = writes;
    track.frontChangesSeen = fronts;
    return delta;
  }

  /** The workspace's scripts and the ports their code uses: nodes and edges before any traffic flows. */
  setPortMap(entries: readonly PortMapEntry[]): void {
    this.codeLinks = [];
    for (const entry of entries) {
      for (const use of entry.uses) {
        if (use.role !== 'writer' && use.role !== 'consumer') continue;
        const actor: ActorView = { id: `script:${use.file}`, kind: 'script', label: basename(use.file), detail: use.file };
        this.codeLinks.push({ role: use.role === 'writer' ? 'write' : 'read', port: entry.port, actor });
      }
    }
    this.linkDeclared();
  }

  /**
   * The external processes the process manager knows: nodes (the same ones their port events name, as they tag
   * events with their tag) and edges to the ports they declare, before any traffic and before the dashboard opened.
   */
  setProcesses(processes: readonly KnownProcess[]): void {
    this.processActors = [];
    this.processLinks = [];
    for (const p of processes) {
      const { inputPort, outputPort, target } = p.spec;
      const ports = [inputPort !== undefined && `reads port ${inputPort}`, outputPort !== undefined && `writes port ${outputPort}`].filter(Boolean).join(', ');
      const actor: ActorView = { id: actorId({ actor: p.tag }), kind: 'process', label: p.spec.name, detail: `external process "${p.tag}", ${p.running ? 'running' : 'not running'}${ports ? `; ${ports} (${target})` : ''}` };
      this.processActors.push(actor);
      if (inputPort !== undefined) this.processLinks.push({ role: 'read', port: inputPort, actor, source: target });
      if (outputPort !== undefined) this.processLinks.push({ role: 'write', port: outputPort, actor, source: target });
    }
    this.linkDeclared();
  }

  /** Everything, for a webview that starts from scratch. Pending changes are included, so the next delta starts after it. */
  takeState(now: number): DashboardState {
    this.linkDeclared();
    this.updateRates(now);
    this.trim(now);
    for (const track of this.ports.values()) settle(track);
    for (const edge of this.edges.values()) edge.changed = false;
    this.newActors = [];
    this.sourcesChanged = false;
    return {
      now,
      windowMs: this.windowMs,
      sources: [...this.sources.values()],
      ports: [...this.ports.values()].map((t) => ({ ...t.view, depth: [...t.view.depth], marks: [...t.view.marks], recent: [...t.view.recent] })),
      actors: [...this.actors.values()],
      edges: [...this.edges.values()].map((e) => ({ ...e.view })),
    };
  }

  /** What changed since the last state or delta; undefined when nothing did. */
  takeDelta(now: number): DashboardDelta | undefined {
    this.linkDeclared();
    this.updateRates(now);
    const delta: DashboardDelta = { now, ports: [], actors: this.newActors, edges: [] };
    this.newActors = [];
    if (this.sourcesChanged) delta.sources = [...this.sources.values()];
    this.sourcesChanged = false;
    for (const track of this.ports.values()) {
      if (!track.changed) continue;
      const v = track.view;
      delta.ports.push({ ...v, depth: v.depth.slice(track.depthFrom), marks: v.marks.slice(track.marksFrom), recent: v.recent.slice(v.recent.length - track.newRecent) });
      settle(track);
    }
    for (const edge of this.edges.values()) {
      if (!edge.changed) continue;
      delta.edges.push({ ...edge.view });
      edge.changed = false;
    }
    this.trim(now);
    return delta.ports.length || delta.actors.length || delta.edges.length || delta.sources ? delta : undefined;
  }

  /** True while some rate is still above 0: it will fall without new events, so deltas are still due. */
  get moving(): boolean {
    for (const t of this.ports.values()) if (t.writes.active || t.reads.active) return true;
    for (const e of this.edges.values()) if (e.meter.active) return true;
    return false;
  }

  private portFor(source: string, port: number): PortTrack {
    const id = portId(source, port);
    let track = this.ports.get(id);
    if (!track) {
      const capacity = this.sources.get(source)?.capacity ?? 0;
      const view: PortView = { id, source, port, size: 0, capacity, writes: 0, reads: 0, evictions: 0, refused: 0, clears: 0, writeRate: 0, readRate: 0, depth: [], marks: [], recent: [] };
      track = { view, writes: new RateMeter(), reads: new RateMeter(), evictedSeen: 0, writesSeen: 0, frontChangesSeen: 0, changed: true, depthFrom: 0, marksFrom: 0, newRecent: 0 };
      this.ports.set(id, track);
    }
    return track;
  }

  private depthAt(track: PortTrack, time: number, size: number): void {
    const second = secondOf(time);
    const depth = track.view.depth;
    const last = depth[depth.length - 1];
    if (last && last[0] === second) {
      last[1] = Math.max(last[1], size);
      last[2] = size;
      track.depthFrom = Math.min(track.depthFrom, depth.length - 1);
    } else if (!last || last[0] < second) {
      // The port held what the last second ended with until this event: that counts towards this second's peak.
      depth.push([second, Math.max(size, last?.[2] ?? 0), size]);
    }
    track.changed = true;
  }

  private mark(track: PortTrack, second: number, kind: 'evict' | 'clear', count: number): void {
    const marks = track.view.marks;
    for (let i = marks.length - 1; i >= 0 && marks[i]![0] === second; i--) {
      if (marks[i]![1] === kind) {
        marks[i]![2] += count;
        track.marksFrom = Math.min(track.marksFrom, i);
        return;
      }
    }
    marks.push([second, kind, count]);
  }

  private edge(from: string, to: string, role: 'write' | 'read', event?: TrafficEvent): EdgeTrack {
    const id = `${from}->${to}`;
    let edge = this.edges.get(id);
    if (!edge) {
      edge = { view: { id, from, to, role, count: 0, rate: 0, fromCode: event === undefined }, meter: new RateMeter(), changed: true };
      this.edges.set(id, edge);
    }
    if (event) {
      const actor = role === 'write' ? from : to;
      if (!this.actors.has(actor)) this.addActor({ id: actor, kind: 'actor', label: event.actor ?? UNTAGGED, detail: event.actor ? 'seen in port events' : 'port events that name no actor' });
      edge.view.count++;
      edge.view.fromCode = false;
      edge.changed = true;
    }
    return edge;
  }

  /** Adds an actor, or replaces one that differs (an actor first seen in events turns out to be a known process). */
  private addActor(actor: ActorView): void {
    const old = this.actors.get(actor.id);
    if (old && old.kind === actor.kind && old.label === actor.label && old.detail === actor.detail) return;
    this.actors.set(actor.id, actor);
    this.newActors.push(actor);
  }

  /**
   * Declared edges: a process's go to its own source's port (when that source is known); code edges go to every port
   * with that number, or to the first source's port when none is known yet.
   */
  private linkDeclared(): void {
    for (const actor of this.processActors) this.addActor(actor);
    if (!this.codeLinks.length && !this.processLinks.length) return;
    const first = this.sources.keys().next().value;
    for (const link of [...this.codeLinks, ...this.processLinks]) {
      if (link.actor.kind === 'script' && !this.actors.has(link.actor.id)) this.addActor(link.actor);
      let ports: PortTrack[];
      if (link.source !== undefined) ports = this.sources.has(link.source) ? [this.portFor(link.source, link.port)] : [];
      else {
        ports = [...this.ports.values()].filter((t) => t.view.port === link.port);
        if (!ports.length && first !== undefined) ports = [this.portFor(first, link.port)];
      }
      for (const track of ports) {
        if (link.role === 'write') this.edge(link.actor.id, track.view.id, 'write');
        else this.edge(track.view.id, link.actor.id, 'read');
      }
    }
  }

  private updateRates(now: number): void {
    for (const track of this.ports.values()) {
      const measured = this.measured.get(track.view.source)?.(track.view.port);
      const w = measured ? measured.writes : rounded(track.writes.rate(now));
      const r = measured ? measured.reads : rounded(track.reads.rate(now));
      if (w !== track.view.writeRate || r !== track.view.readRate) {
        track.view.writeRate = w;
        track.view.readRate = r;
        track.changed = true;
      }
    }
    const shares = this.edgeShares(now);
    for (const edge of this.edges.values()) {
      const rate = shares.get(edge) ?? rounded(edge.meter.rate(now));
      if (rate !== edge.view.rate) {
        edge.view.rate = rate;
        edge.changed = true;
      }
    }
  }

  /**
   * Rates of the edges to and from ports with measured rates: the port's rate split among its writers (or readers)
   * by their shares of what was seen here lately (whole buckets, so the shares move as seldom as a meter's rate; the
   * current bucket only while nothing else was seen yet). The source does not count by actor; the edges add up to the port.
   */
  private edgeShares(now: number): Map<EdgeTrack, number> {
    const rates = new Map<EdgeTrack, number>();
    if (!this.measured.size) return rates;
    const groups = new Map<string, { rate: number; edges: [EdgeTrack, number][]; seen: number }>();
    for (const edge of this.edges.values()) {
      const port = this.ports.get(edge.view.role === 'write' ? edge.view.to : edge.view.from)?.view;
      if (!port || !this.measured.has(port.source)) continue;
      const key = `${edge.view.role}\n${port.id}`;
      let group = groups.get(key);
      if (!group) groups.set(key, (group = { rate: edge.view.role === 'write' ? port.writeRate : port.readRate, edges: [], seen: 0 }));
      const seen = edge.meter.rate(now);
      group.edges.push([edge, seen]);
      group.seen += seen;
    }
    for (const group of groups.values()) {
      // A dashboard opened less than a bucket ago has only the current one.
      if (!group.seen) for (const entry of group.edges) group.seen += entry[1] = entry[0].meter.count(now);
      for (const [edge, n] of group.edges) rates.set(edge, group.seen ? rounded((group.rate * n) / group.seen) : 0);
    }
    return rates;
  }

  private trim(now: number): void {
    for (const track of this.ports.values()) {
      const [d, m] = trimToWindow(track.view, now - this.windowMs);
      track.depthFrom = Math.max(0, track.depthFrom - d);
      track.marksFrom = Math.max(0, track.marksFrom - m);
    }
  }
}

/**
 * Drops depth points and marks from before `oldest`; the newest older point stays, as the line starts from it.
 * Returns how many points and marks went.
 */
export function trimToWindow(p: { depth: DepthPoint[]; marks: PortMark[] }, oldest: number): [points: number, marks: number] {
  let d = 0;
  while (d + 1 < p.depth.length && p.depth[d + 1]![0] <= oldest) d++;
  if (d) p.depth.splice(0, d);
  let m = 0;
  while (m < p.marks.length && p.marks[m]![0] < oldest) m++;
  if (m) p.marks.splice(0, m);
  return [d, m];
}

function settle(track: PortTrack): void {
  track.changed = false;
  track.depthFrom = track.view.depth.length;
  track.marksFrom = track.view.marks.length;
  track.newRecent = 0;
}

function actorId(event: { actor?: string }): string {
  return `actor:${event.actor ?? UNTAGGED}`;
}

function secondOf(time: number): number {
  return time - (time % SECOND);
}

function rounded(rate: number): number {
  return Math.round(rate * 10) / 10;
}

function basename(file: string): string {
  return file.slice(Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\')) + 1);
}
