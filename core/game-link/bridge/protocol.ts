// Messages between the in-game bridge (in-game/bbports-bridge.js) and the tool, as JSON text frames on the bridge's
// own WebSocket. The bridge speaks first (hello with its token); nothing else is accepted before that.

import { parseObjectFrame } from '../json-frame';

export const BRIDGE_PROTOCOL = 1;
export const BRIDGE_SCRIPT = 'bbports-bridge.js';
export const BRIDGE_SETTINGS = 'bbports-bridge.json';

/** What the bridge reports about a watched port: always empty/full and the front item; every item under deep view. */
export interface BridgePortReport {
  port: number;
  empty: boolean;
  full: boolean;
  front?: unknown;
  items?: unknown[];
}

export type PortOp = 'write' | 'tryWrite' | 'read' | 'peek' | 'clear';

export type FromBridge =
  | { t: 'hello'; token: string; pid: number; protocol: number }
  | { t: 'state'; ports: BridgePortReport[] }
  | { t: 'reply'; id: number; ok: true; result: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  /** A message a game script left on the registry request port (seed 001's shape). */
  | { t: 'request'; message: unknown }
  /** FreePorts runs low: the bridge wants this many more port numbers. */
  | { t: 'need'; count: number }
  /** Offered numbers the bridge could not place (FreePorts was full). */
  | { t: 'unused'; ports: number[] }
  /** Items taken from a port the tool consumes. */
  | { t: 'items'; port: number; items: unknown[] };

export type ToBridge =
  | { t: 'welcome'; watch: number[]; deep: number[]; requestPort: number; freePortsPort: number; keepFree: number; pollMs: number }
  | { t: 'watch'; watch: number[]; deep: number[] }
  | { t: 'offer'; ports: number[] }
  | ({ t: 'cmd'; id: number } & BridgeCommand);

export type BridgeCommand =
  | { op: PortOp; port: number; value?: unknown }
  /** Queue values for a port; the bridge tryWrites them in order as room appears, never evicting. */
  | { op: 'send'; port: number; values: unknown[] }
  | { op: 'consume'; port: number; on: boolean }
  | { op: 'stats' }
  /** Only in a bridge installed with dead-owner checks (ns.isRunning, 0.1 GB). */
  | { op: 'alive'; pids: number[] };

/** Reads a frame from the bridge; undefined when it is not one of its messages. */
export function parseFromBridge(text: string): FromBridge | undefined {
  const value = parseObjectFrame(text);
  return typeof value?.t === 'string' ? (value as FromBridge) : undefined;
}
