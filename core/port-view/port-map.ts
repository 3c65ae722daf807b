/** How code uses a port, as the workspace linter sees it. */
export type PortRole = 'writer' | 'consumer' | 'peeker' | 'clearer' | 'waiter';

export interface PortUse {
  role: PortRole;
  /** Absolute path of the script. */
  file: string;
  /** 1-based. */
  line: number;
  column: number;
}

export interface PortMapEntry {
  port: number;
  uses: PortUse[];
  /** `type` tags of the objects written to this port, where the linter can see them. */
  messageTypes: string[];
}

/**
 * The workspace's port map, published by the language feature for whoever wants it: the Port Map view, the game
 * bridge (ports worth watching), the dashboard (scripts as nodes).
 */
export interface PortMapProvider {
  entries(): PortMapEntry[];
  onDidChange(listener: () => void): () => void;
}
