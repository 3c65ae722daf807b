import type { RunSummary, TraceEvent } from './trace';

/** Between the playground's worker thread and whoever started it. */
/** `ready`: the worker has loaded and starts the scripts now (time limits count from here). */
export type FromWorker = { type: 'ready' } | { type: 'events'; events: TraceEvent[] } | { type: 'end'; summary: RunSummary } | { type: 'failed'; message: string };
export type ToWorker = { type: 'stop' } | { type: 'speed'; speed: number };
