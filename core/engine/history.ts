import type { PortEngine } from './engine';
import type { PortEvent } from './events';
import { Queue } from './queue';
import { noStats, type PortStats } from './stats';

export type { PortStats };

/**
 * A bounded record of each port's recent events and running counts, for views. It is an ordinary subscriber, so
 * an engine nobody watches pays nothing for it.
 */
export class PortHistory {
  private readonly recent = new Map<number, Queue<PortEvent>>();
  private readonly stats = new Map<number, PortStats>();
  private readonly stop: () => void;

  constructor(
    engine: PortEngine,
    private readonly perPort = 100,
  ) {
    this.stop = engine.subscribe((event) => this.record(event));
  }

  events(port: number): PortEvent[] {
    return this.recent.get(port)?.toArray() ?? [];
  }

  evictions(port: number): PortEvent[] {
    return this.events(port).filter((e) => e.kind === 'evict');
  }

  counts(port: number): PortStats {
    return this.stats.get(port) ?? noStats();
  }

  dispose(): void {
    this.stop();
  }

  private record(event: PortEvent): void {
    let q = this.recent.get(event.port);
    if (q === undefined) {
      q = new Queue<PortEvent>();
      this.recent.set(event.port, q);
    }
    q.push(event);
    if (q.length > this.perPort) q.shift();
    let s = this.stats.get(event.port);
    if (s === undefined) {
      s = noStats();
      this.stats.set(event.port, s);
    }
    if (event.kind === 'write') s.writes++;
    else if (event.kind === 'read') s.reads++;
    else if (event.kind === 'evict') s.evictions++;
    else if (event.kind === 'refused') s.refused++;
    else s.clears++;
  }
}
