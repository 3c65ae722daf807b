import type { PortEventKind } from '../engine/events';
import type { PortStats } from '../engine/stats';
import type { Recording } from './recording';

/**
 * The one message protocol between the extension and the dashboard webview. Everything here is plain JSON: a
 * webview's postMessage carries nothing else.
 */

/** A port event as the dashboard keeps it: JSON-safe, tagged with the source it happened on. */
export interface TrafficEvent {
  /** Date.now() when it happened. */
  t: number;
  source: string;
  port: number;
  kind: PortEventKind;
  /** The port's length right after the event. */
  size: number;
  actor?: string;
  /** A short preview of the item written, read, evicted or refused. */
  value?: string;
  /** clear: how many items were dropped. */
  cleared?: number;
}

/** [start of a second, deepest the port was in that second, its length at the end of it]. */
export type DepthPoint = [t: number, peak: number, end: number];

/** Evictions or clears within one second: [start of the second, kind, how many items]. */
export type PortMark = [t: number, kind: 'evict' | 'clear', count: number];

export type FillLevel = 'empty' | 'fine' | 'near-full' | 'full';

/** A port with its running counts: writes, reads, evictions, refused, clears since its source started (for a source seen through snapshots, since the dashboard first saw it: lower bounds). */
export interface PortView extends PortStats {
  /** The port's node id: `port:<source>:<port>`. */
  id: string;
  source: string;
  port: number;
  /** The port's length; with depthUnknown, only a lower bound. */
  size: number;
  capacity: number;
  /** True when the source sees the front item only (a game port without deep view): the depth is not known. */
  depthUnknown?: boolean;
  /** Per second, over the last few seconds. */
  writeRate: number;
  readRate: number;
  /** In a state: the whole window. In a delta: points to merge (a point for an existing second replaces it). */
  depth: DepthPoint[];
  marks: PortMark[];
  /** Newest last. In a delta: only the events since the last one. */
  recent: TrafficEvent[];
}

/**
 * A script from the workspace's port map, an external process the process manager knows, or an actor seen in events
 * (a command, a script, an unknown program). A process's id is its events' actor id: `actor:<tag>`.
 */
export interface ActorView {
  id: string;
  kind: 'script' | 'process' | 'actor';
  label: string;
  /** The script's path, or what the actor is. */
  detail: string;
}

export interface EdgeView {
  /** `<from>-><to>`. */
  id: string;
  /** Node ids: an actor writes to a port, a port is read by an actor. */
  from: string;
  to: string;
  role: 'write' | 'read';
  count: number;
  /** Messages per second over the last few seconds. */
  rate: number;
  /** Declared (the workspace's code uses the port, or a process definition names it), not (yet) seen in traffic. */
  fromCode: boolean;
}

export interface SourceView {
  id: string;
  label: string;
  /** Items each port holds before a write evicts. */
  capacity: number;
}

export interface DashboardState {
  now: number;
  /** How far back the depth series reach. */
  windowMs: number;
  sources: SourceView[];
  ports: PortView[];
  actors: ActorView[];
  edges: EdgeView[];
}

/** What changed since the last message: ports, actors and edges with the same id replace or extend the old ones. */
export interface DashboardDelta {
  now: number;
  sources?: SourceView[];
  ports: PortView[];
  actors: ActorView[];
  edges: EdgeView[];
}

export type ToWebview =
  | { type: 'state'; state: DashboardState; recording: boolean }
  | { type: 'delta'; delta: DashboardDelta }
  /** The items of the inspected port, front first, as JSON-safe values. */
  | { type: 'items'; id: string; items: unknown[]; complete: boolean }
  | { type: 'recording'; on: boolean; events: number }
  | { type: 'replay'; recording: Recording; name: string }
  | { type: 'error'; message: string };

export type PortAction = 'write' | 'read' | 'clear';

export type ToExtension =
  | { type: 'ready' }
  | { type: 'inspect'; id: string | null }
  /** Runs the Ports view's own command (`bitburnerPorts.<action>Port`) with `{source, port, value}`. */
  | { type: 'act'; action: PortAction; source: string; port: number; value?: unknown }
  | { type: 'record'; on: boolean }
  | { type: 'openRecording' };

export function portId(source: string, port: number): string {
  return `port:${source}:${port}`;
}

/** A port's depth as the dashboard writes it: `3/50`, or `≥1/50` where only a lower bound is known. */
export function depthText(p: Pick<PortView, 'size' | 'capacity' | 'depthUnknown'>): string {
  return `${p.depthUnknown ? '≥' : ''}${p.size}/${p.capacity}`;
}

export function fillLevel(size: number, capacity: number): FillLevel {
  if (size <= 0) return 'empty';
  if (size >= capacity) return 'full';
  return size >= capacity * 0.8 ? 'near-full' : 'fine';
}

const ACTIONS: readonly string[] = ['write', 'read', 'clear'] satisfies PortAction[];

/**
 * Checks a message from the webview. The webview is ours, but its messages still cross a boundary: a bad one is
 * refused with what was wrong rather than acted on.
 */
export function parseToExtension(data: unknown): ToExtension {
  const m = data as Record<string, unknown> | null;
  if (typeof m !== 'object' || m === null || typeof m.type !== 'string') throw new Error(`dashboard message must be an object with a "type", got ${JSON.stringify(data)}`);
  switch (m.type) {
    case 'ready':
    case 'openRecording':
      return { type: m.type };
    case 'inspect':
      if (m.id !== null && typeof m.id !== 'string') throw new Error('dashboard "inspect" needs an "id" (a port node id, or null)');
      return { type: 'inspect', id: m.id };
    case 'record':
      if (typeof m.on !== 'boolean') throw new Error('dashboard "record" needs "on": true or false');
      return { type: 'record', on: m.on };
    case 'act': {
      if (typeof m.action !== 'string' || !ACTIONS.includes(m.action)) throw new Error(`dashboard "act" needs "action" ${ACTIONS.join(', ')}; got ${JSON.stringify(m.action)}`);
      if (typeof m.source !== 'string' || !Number.isSafeInteger(m.port) || (m.port as number) < 1) throw new Error('dashboard "act" needs a "source" id and a "port" number from 1 up');
      const act: ToExtension = { type: 'act', action: m.action as PortAction, source: m.source, port: m.port as number };
      if ('value' in m) act.value = m.value;
      return act;
    }
    default:
      throw new Error(`unknown dashboard message type ${JSON.stringify(m.type)}`);
  }
}
