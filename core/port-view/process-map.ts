/** An external process as the process manager knows it: enough to draw it and the ports it declares. */
export interface KnownProcess {
  readonly tag: string;
  readonly running: boolean;
  readonly spec: {
    readonly name: string;
    /** The port whose items go to its stdin. */
    readonly inputPort: number | undefined;
    /** The port its stdout lines are written to. */
    readonly outputPort: number | undefined;
    /** The id of the port source its ports live on. */
    readonly target: 'engine' | 'game';
  };
}

/**
 * The workspace's external processes, published on `ctx.processes` by the processes feature (the process manager
 * fits this shape) for whoever wants them: the dashboard draws them before they move a single message.
 */
export interface ProcessMapProvider {
  list(): readonly KnownProcess[];
  onChange(listener: () => void): () => void;
}
