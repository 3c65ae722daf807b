import type { PortSeen } from '../../port-view/source';
import type { BridgePortReport } from './protocol';
import { encodeValue } from './value-codec';

interface Last {
  key: string;
  /** The front item as JSON; '' while the port is empty. */
  front: string;
  seen: PortSeen;
}

/**
 * What the tool can tell of a game port's traffic without deep view: the bridge's count of writes it noticed, how
 * often the front item changed, and when anything last changed. A queue that grows behind the same front item is
 * then visibly alive (writes rising) rather than frozen.
 */
export class SeenTraffic {
  private readonly last = new Map<number, Last>();

  update(reports: readonly BridgePortReport[], now = Date.now()): void {
    for (const r of reports) {
      // In the link's wire form: JSON itself fails on a cycle or a BigInt, and flattens a Map or -0.
      const front = r.empty ? '' : JSON.stringify(encodeValue(r.front ?? null));
      const key = JSON.stringify([r.empty, r.full, front, r.writes ?? 0, r.items?.length]);
      const prev = this.last.get(r.port);
      if (prev?.key === key) continue;
      const seen: PortSeen = { writes: r.writes ?? 0, frontChanges: prev?.seen.frontChanges ?? 0, lastChange: prev ? now : undefined };
      if (prev && prev.front !== '' && prev.front !== front) seen.frontChanges++;
      this.last.set(r.port, { key, front, seen });
    }
  }

  of(port: number): PortSeen | undefined {
    return this.last.get(port)?.seen;
  }

  /** A new bridge counts from zero. */
  reset(): void {
    this.last.clear();
  }
}
