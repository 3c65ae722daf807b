import type { ActorView, DashboardDelta, DashboardState, DepthPoint, EdgeView, PortMark, PortView, SourceView } from './protocol';
import { RECENT_EVENTS, trimToWindow } from './traffic';

/**
 * What the webview knows: the last state with every delta merged in. It also tells the views what they must redraw:
 * the layout only when nodes or edges appear, a port's flash only when its eviction count went up.
 */
export class DashboardModel {
  now = 0;
  windowMs = 0;
  readonly sources = new Map<string, SourceView>();
  readonly ports = new Map<string, PortView>();
  readonly actors = new Map<string, ActorView>();
  readonly edges = new Map<string, EdgeView>();
  /** Changes whenever a node or an edge appears: the graph's layout key. */
  topology = 0;
  /** Ports whose eviction count rose in the last update. */
  readonly evicted = new Set<string>();

  /** Takes a whole state; a replay does this on every step, so the layout changes only if the nodes did. */
  reset(state: DashboardState): void {
    const before = this.shape();
    const evictions = new Map([...this.ports].map(([id, p]) => [id, p.evictions]));
    this.now = state.now;
    this.windowMs = state.windowMs;
    for (const map of [this.sources, this.ports, this.actors, this.edges]) map.clear();
    this.evicted.clear();
    for (const s of state.sources) this.sources.set(s.id, s);
    for (const p of state.ports) {
      this.ports.set(p.id, p);
      if (p.evictions > (evictions.get(p.id) ?? 0)) this.evicted.add(p.id);
    }
    for (const a of state.actors) this.actors.set(a.id, a);
    for (const e of state.edges) this.edges.set(e.id, e);
    if (this.shape() !== before) this.topology++;
  }

  apply(delta: DashboardDelta): void {
    this.now = delta.now;
    this.evicted.clear();
    let grew = false;
    for (const s of delta.sources ?? []) this.sources.set(s.id, s);
    // An actor comes in a delta when it is new or has changed (an event's actor turned out to be a known process).
    for (const a of delta.actors) this.actors.set(a.id, a);
    grew ||= delta.actors.length > 0;
    for (const e of delta.edges) {
      grew ||= !this.edges.has(e.id);
      this.edges.set(e.id, e);
    }
    for (const p of delta.ports) {
      const old = this.ports.get(p.id);
      if (!old) {
        grew = true;
        this.ports.set(p.id, p);
        if (p.evictions) this.evicted.add(p.id);
        continue;
      }
      if (p.evictions > old.evictions) this.evicted.add(p.id);
      const merged: PortView = { ...p, depth: old.depth, marks: old.marks, recent: old.recent };
      mergeByTime(merged.depth, p.depth, (a, b) => a[0] === b[0]);
      mergeByTime(merged.marks, p.marks, (a, b) => a[0] === b[0] && a[1] === b[1]);
      merged.recent.push(...p.recent);
      if (merged.recent.length > RECENT_EVENTS) merged.recent.splice(0, merged.recent.length - RECENT_EVENTS);
      this.ports.set(p.id, merged);
    }
    for (const p of this.ports.values()) trimToWindow(p, this.now - this.windowMs);
    if (grew) this.topology++;
  }

  private shape(): string {
    return [...this.ports.keys(), ...this.actors.keys(), ...this.edges.keys()].join('\n');
  }

  portsInOrder(): PortView[] {
    return [...this.ports.values()].sort((a, b) => (a.source === b.source ? a.port - b.port : a.source.localeCompare(b.source)));
  }

  /** "Port 7" for the engine; "Port 7 (Game)" for another source. */
  portLabel(p: PortView): string {
    const first = this.sources.keys().next().value;
    return p.source === first ? `Port ${p.port}` : `Port ${p.port} (${this.sources.get(p.source)?.label ?? p.source})`;
  }
}

/** Merges time-ordered entries: one equal to an existing entry replaces it, a newer one is appended. */
function mergeByTime<T extends DepthPoint | PortMark>(list: T[], incoming: readonly T[], same: (a: T, b: T) => boolean): void {
  for (const entry of incoming) {
    let i = list.length - 1;
    while (i >= 0 && list[i]![0] > entry[0]) i--;
    while (i >= 0 && list[i]![0] === entry[0] && !same(list[i]!, entry)) i--;
    if (i >= 0 && same(list[i]!, entry)) list[i] = entry;
    else list.splice(i + 1, 0, entry);
  }
}
