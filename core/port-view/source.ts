import type { PortStats } from '../engine/stats';

/** Writes and reads per second over the last few seconds. */
export interface PortRates {
  writes: number;
  reads: number;
}

/** One port as a view shows it, whichever side it lives on. */
export interface PortState {
  port: number;
  capacity: number;
  /** The items front first, or only the front one when the source cannot see further (a game port without deep view). */
  items: unknown[];
  /** False when `items` holds only what could be seen without side effects. */
  complete: boolean;
  full: boolean;
  /** Items pushed out by overflowing writes, most recent last (as far as the source knows). */
  evicted: unknown[];
  /** What happened to the port since its source started, when the source counts (the engine does, always). */
  totals?: PortStats;
  /** Writes and reads per second lately, when the source measures them (the engine does, always). */
  rates?: PortRates;
  /** What a source that sees through snapshots noticed of the port's traffic (the game, through the bridge). */
  seen?: PortSeen;
  /** A game port's watch settings, so menus offer only the action that applies. */
  watch?: { pinned: boolean; deep: boolean };
}

/** Traffic a snapshot source noticed on a port: lower bounds, as several changes between two looks count once. */
export interface PortSeen {
  writes: number;
  /** How often the front item changed: each time, something was read (or cleared and written). */
  frontChanges: number;
  /** Date.now() of the last change noticed. */
  lastChange?: number;
}

/** How many items the port lost to evictions: the source's total when it counts, else the evicted items it saw. */
export function evictionCount(state: PortState): number {
  return state.totals?.evictions ?? state.evicted.length;
}

/** A rate as every view shows it: `4.5/s`, `120/s`. */
export function rateText(perSecond: number): string {
  return perSecond >= 100 ? `${Math.round(perSecond)}/s` : `${perSecond.toFixed(1)}/s`;
}

/** A port's fill as views show it: `3/50`, or `≥1/50` when only the front item can be seen. */
export function fillText(state: PortState): string {
  const count = state.complete ? String(state.items.length) : state.items.length ? '≥1' : '0';
  return `${count}/${state.capacity}`;
}

/**
 * A place that has ports: the embedded engine, the game through the bridge. Views list sources as roots and act on
 * them through this interface only.
 */
export interface PortSource {
  readonly id: string;
  readonly label: string;
  /** A short state line for the root: "capacity 50", "connected", "waiting for the game". */
  status(): string;
  ports(): PortState[];
  /** Called after changes; the view batches. Returns the function that stops listening. */
  watch(onChange: () => void): () => void;
  write(port: number, value: unknown): Promise<unknown>;
  tryWrite(port: number, value: unknown): Promise<boolean>;
  read(port: number): Promise<unknown>;
  peek(port: number): Promise<unknown>;
  clear(port: number): Promise<void>;
}
