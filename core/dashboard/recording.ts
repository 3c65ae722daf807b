import type { DashboardState, SourceView, TrafficEvent } from './protocol';
import { TrafficAggregator } from './traffic';

export const RECORDING_FORMAT = 'bitburner-ports-recording';
export const RECORDING_VERSION = 1;
/** Beyond this a recording stops growing (and says so): about 100 MB of JSON. */
const MAX_RECORDED_EVENTS = 500_000;

/** A saved run: the ports' lengths when it started, then every port event, oldest first. */
export interface Recording {
  format: typeof RECORDING_FORMAT;
  version: typeof RECORDING_VERSION;
  startedAt: number;
  endedAt: number;
  sources: SourceView[];
  initial: { source: string; port: number; size: number }[];
  events: TrafficEvent[];
  /** Set when the run outgrew MAX_RECORDED_EVENTS: events after that are missing. */
  truncated?: boolean;
}

export class Recorder {
  private readonly events: TrafficEvent[] = [];
  private truncated = false;

  constructor(
    private readonly startedAt: number,
    private readonly sources: SourceView[],
    private readonly initial: Recording['initial'],
  ) {}

  add(event: TrafficEvent): void {
    if (this.events.length < MAX_RECORDED_EVENTS) this.events.push(event);
    else this.truncated = true;
  }

  get count(): number {
    return this.events.length;
  }

  finish(endedAt: number): Recording {
    const recording: Recording = { format: RECORDING_FORMAT, version: RECORDING_VERSION, startedAt: this.startedAt, endedAt, sources: this.sources, initial: this.initial, events: this.events };
    if (this.truncated) recording.truncated = true;
    return recording;
  }
}

const KINDS = new Set(['write', 'evict', 'refused', 'read', 'clear']);

/** Reads a saved recording; anything else gets an error naming the file, what is wrong and where. */
export function parseRecording(text: string, name: string): Recording {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new Error(`${name} is not a dashboard recording: it is not JSON (${(error as Error).message}). Open a file saved by the dashboard's Record button.`);
  }
  const r = data as Partial<Recording> | null;
  if (typeof r !== 'object' || r === null || r.format !== RECORDING_FORMAT) throw new Error(`${name} is not a dashboard recording: it has no "format": "${RECORDING_FORMAT}". Open a file saved by the dashboard's Record button.`);
  if (r.version !== RECORDING_VERSION) throw new Error(`${name} is a version ${JSON.stringify(r.version)} recording; this dashboard reads version ${RECORDING_VERSION}. Update the extension to open it.`);
  if (!Number.isFinite(r.startedAt) || !Number.isFinite(r.endedAt) || (r.endedAt as number) < (r.startedAt as number)) throw new Error(`${name}: "startedAt" and "endedAt" must be times with endedAt not before startedAt.`);
  if (!Array.isArray(r.sources) || !r.sources.every((s) => typeof s?.id === 'string' && typeof s.label === 'string' && Number.isSafeInteger(s.capacity))) throw new Error(`${name}: "sources" must be a list of {id, label, capacity}.`);
  if (!Array.isArray(r.initial) || !r.initial.every((p) => typeof p?.source === 'string' && Number.isSafeInteger(p.port) && Number.isSafeInteger(p.size))) throw new Error(`${name}: "initial" must be a list of {source, port, size}.`);
  if (!Array.isArray(r.events)) throw new Error(`${name}: "events" must be a list.`);
  let last = -Infinity;
  r.events.forEach((e, i) => {
    const ok = typeof e === 'object' && e !== null && Number.isFinite(e.t) && typeof e.source === 'string' && Number.isSafeInteger(e.port) && KINDS.has(e.kind) && Number.isSafeInteger(e.size);
    if (!ok) throw new Error(`${name}: event ${i} is not {t, source, port, kind, size}: ${JSON.stringify(e).slice(0, 200)}`);
    if (e.t < last) throw new Error(`${name}: event ${i} is older than the one before it; events must be in time order.`);
    last = e.t;
  });
  return r as Recording;
}

/**
 * Replays a recording to any moment: forward from where it is, or again from the start when scrubbing back. The
 * dashboard's state at a moment is what a live dashboard would have shown then.
 */
export class Replay {
  private aggregator!: TrafficAggregator;
  private next = 0;
  private at = -Infinity;

  constructor(readonly recording: Recording) {
    this.rewind();
  }

  stateAt(time: number): DashboardState {
    if (time < this.at) this.rewind();
    const events = this.recording.events;
    while (this.next < events.length && events[this.next]!.t <= time) this.aggregator.apply(events[this.next++]!);
    this.at = time;
    return this.aggregator.takeState(time);
  }

  private rewind(): void {
    const r = this.recording;
    this.aggregator = new TrafficAggregator();
    for (const source of r.sources) this.aggregator.setSource(source);
    for (const p of r.initial) this.aggregator.seed(p.source, p.port, p.size, r.startedAt);
    this.next = 0;
    this.at = -Infinity;
  }
}
