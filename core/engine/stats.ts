/** What happened to a port, per kind of operation (the kinds of its events). No imports: views type-check it alone. */
export interface PortStats {
  writes: number;
  reads: number;
  evictions: number;
  refused: number;
  clears: number;
}

/** All-zero counts: a port nothing has happened to. */
export function noStats(): PortStats {
  return { writes: 0, reads: 0, evictions: 0, refused: 0, clears: 0 };
}
