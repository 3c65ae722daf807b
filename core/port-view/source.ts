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
