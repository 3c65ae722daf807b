import { RECORDING_FORMAT, RECORDING_VERSION, type Recording } from '../dashboard/recording';
import type { TrafficEvent } from '../dashboard/protocol';
import { previewItem } from '../port-view/preview';
import type { PortState } from '../port-view/source';
import type { RunSummary, TraceEvent } from './trace';

export const PLAYGROUND_SOURCE = { id: 'playground', label: 'Playground' };

/**
 * A run's port events as a dashboard recording (the dashboard's Open Recording replays it). Times are simulated:
 * `startedAt` is the epoch given, each event `startedAt + t`.
 */
export function toRecording(events: TraceEvent[], startedAt: number, capacity: number, endMs: number): Recording {
  const labels = new Map<number, string>();
  const traffic: TrafficEvent[] = [];
  for (const e of events) {
    if (e.type === 'start') labels.set(e.pid, `${e.script}@${e.host} (PID - ${e.pid})`);
    if (e.type !== 'port') continue;
    const t: TrafficEvent = { t: startedAt + e.t, source: PLAYGROUND_SOURCE.id, port: e.port, kind: e.kind, size: e.size };
    if (e.pid !== undefined) t.actor = labels.get(e.pid);
    if (e.value !== undefined) t.value = previewItem(e.value, 120).text;
    if (e.cleared !== undefined) t.cleared = e.cleared;
    traffic.push(t);
  }
  return { format: RECORDING_FORMAT, version: RECORDING_VERSION, startedAt, endedAt: startedAt + endMs, sources: [{ ...PLAYGROUND_SOURCE, capacity }], initial: [], events: traffic };
}

/** The ports at the end of a run as views show them. */
export function endPorts(summary: RunSummary): PortState[] {
  return summary.ports.map((p) => ({ ...p, complete: true, full: p.items.length >= p.capacity, evicted: [] }));
}
