// Messages between the in-game bridge (in-game/bbports-bridge.js) and the tool, as JSON text frames on the bridge's
// own WebSocket. The bridge speaks first (hello with its token); nothing else is accepted before that. Port values
// travel in the value codec's wire form (value-codec.ts): fields marked "wire" below.

import { parseObjectFrame } from '../json-frame';

export const BRIDGE_PROTOCOL = 2;
export const BRIDGE_SCRIPT = 'bbports-bridge.js';
export const BRIDGE_SETTINGS = 'bbports-bridge.json';

/** What the bridge reports about a watched port: always empty/full and the front item; every item under deep view. */
export interface BridgePortReport {
  port: number;
  empty: boolean;
  full: boolean;
  front?: unknown;
  items?: unknown[];
  /** A value on this port the codec cannot carry (the other ports are reported as usual). */
  problem?: string;
  /** Writes the bridge noticed since it started (a lower bound: several between two looks count once). */
  writes?: number;
}

/** Close codes the tool ends a bridge's socket with. The bridge stops on ANOTHER_BRIDGE and re-reads its settings on BAD_TOKEN. */
export const CLOSE = { replaced: 4000, noHello: 4001, protocol: 4002, badToken: 4003, anotherBridge: 4009 } as const;

export type PortOp = 'write' | 'tryWrite' | 'read' | 'peek' | 'clear';

export type FromBridge =
  /**
   * version: the script's own, from the settings file pushed with it (a bridge older than versions sends none).
   * wiped: the bridge found the game's ports empty when it started (a reload): in-game reservations are stale.
   */
  | { t: 'hello'; token: string; pid: number; protocol: number; version?: string; wiped?: boolean }
  /** front and items: wire. */
  | { t: 'state'; ports: BridgePortReport[] }
  /** result: wire. */
  | { t: 'reply'; id: number; ok: true; result: unknown }
  | { t: 'reply'; id: number; ok: false; error: string }
  /** A message a game script left on the registry request port (seed 001's shape); wire. */
  | { t: 'request'; message: unknown }
  /** FreePorts runs low: the bridge wants this many more port numbers. */
  | { t: 'need'; count: number }
  /** Items taken from a port the tool consumes (wire); problems: items that could not travel. */
  | { t: 'items'; port: number; items: unknown[]; problems?: string[] };

export type ToBridge =
  /**
   * fill: how many numbers to keep on FreePorts (0: until it is full, as seed 001 does); spare: how many more the bridge
   * holds to refill it at once, without a round trip to the tool (0: no registry served).
   */
  | { t: 'welcome'; watch: number[]; deep: number[]; requestPort: number; freePortsPort: number; fill: number; spare: number; pollMs: number }
  | { t: 'watch'; watch: number[]; deep: number[] }
  | { t: 'offer'; ports: number[] }
  | ({ t: 'cmd'; id: number } & BridgeCommand);

export type BridgeCommand =
  /** value: wire. */
  | { op: PortOp; port: number; value?: unknown }
  /** Queue values (wire) for a port; the bridge tryWrites them in order as room appears, never evicting. */
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
