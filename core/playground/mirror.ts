import { PortEngine } from '../engine/engine';
import type { TraceEvent } from './trace';

/**
 * A copy of a running playground's ports on this thread, kept by replaying its port events: views and the dashboard
 * watch it like any engine (its change events carry the scripts as actors). Evictions follow from the writes.
 */
export class PortMirror {
  readonly engine: PortEngine;
  private readonly labels = new Map<number, string>();

  constructor(capacity?: number) {
    this.engine = new PortEngine({ capacity });
  }

  apply(events: readonly TraceEvent[]): void {
    for (const e of events) {
      if (e.type === 'start') this.labels.set(e.pid, `${e.script}@${e.host} (PID - ${e.pid})`);
      if (e.type !== 'port') continue;
      const actor = e.pid === undefined ? 'playground' : this.labels.get(e.pid);
      if (e.kind === 'write') this.engine.write(e.port, e.value, actor);
      else if (e.kind === 'refused') this.engine.tryWrite(e.port, e.value, actor);
      else if (e.kind === 'read') this.engine.read(e.port, actor);
      else if (e.kind === 'clear') this.engine.clear(e.port, actor);
    }
  }
}
