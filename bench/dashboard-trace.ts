// The dashboard page's work per frame, from a Chromium trace. A frame interval at 60 Hz is never under 16.7 ms, however
// little the page does, so "a frame within 16 ms" is about the work a frame takes: the renderer's main thread (script,
// style, layout, paint) and the rasterizing of what it painted, between one frame's start and the next. The times are
// the threads' CPU times (a trace's `tdur`): on a machine that other work shares, wall time also counts the waiting.

/** Trace categories that hold the events below and little else (the trace itself must not load the page much). */
export const FRAME_TRACE_CATEGORIES = ['disabled-by-default-devtools.timeline', 'benchmark'];

interface TraceEvent {
  name: string;
  ph: string;
  pid: number;
  tid: number;
  ts: number;
  dur?: number;
  /** Thread CPU time, µs. */
  tdur?: number;
  args?: { name?: string };
}

export interface FrameWork {
  /** Per frame, CPU ms: every task of the renderer's main thread that began in the frame. */
  main: number[];
  /** Per frame, CPU ms: the raster tasks that began in the frame (on the renderer's raster workers). */
  raster: number[];
  /** Per frame: main + raster, as if one core did both (the machine has two, shared). */
  total: number[];
}

/**
 * Splits the page's renderer's work at the start of each frame (cc's BeginMainFrame on its main thread) and sums, per
 * frame, the main thread's top-level tasks and the raster tasks that began in it.
 */
export function frameWork(trace: { traceEvents: TraceEvent[] } | TraceEvent[]): FrameWork {
  const events = Array.isArray(trace) ? trace : trace.traceEvents;
  const mains = new Set<string>();
  for (const e of events) if (e.ph === 'M' && e.name === 'thread_name' && e.args?.name === 'CrRendererMain') mains.add(`${e.pid}:${e.tid}`);
  const frameStarts = new Map<string, number[]>();
  for (const e of events) {
    const thread = `${e.pid}:${e.tid}`;
    if (e.name !== 'ProxyMain::BeginMainFrame' || e.ph !== 'X' || !mains.has(thread)) continue;
    if (!frameStarts.has(thread)) frameStarts.set(thread, []);
    frameStarts.get(thread)!.push(e.ts);
  }
  // The page's renderer is the one that made the most frames (about:blank's has none).
  const [thread, starts] = [...frameStarts].sort((a, b) => b[1].length - a[1].length)[0] ?? ['', []];
  const pid = Number(thread.split(':')[0]);
  starts.sort((a, b) => a - b);
  const main = new Array<number>(Math.max(0, starts.length - 1)).fill(0);
  const raster = [...main];
  let lastEnd = -Infinity;
  const tasks = events.filter((e) => e.ph === 'X' && e.pid === pid && (e.name === 'RunTask' || e.name === 'RasterTask')).sort((a, b) => a.ts - b.ts);
  for (const e of tasks) {
    const i = frameOf(starts, e.ts);
    if (i < 0 || i >= main.length) continue;
    const cpu = (e.tdur ?? e.dur ?? 0) / 1000;
    if (e.name === 'RasterTask') raster[i]! += cpu;
    else if (`${e.pid}:${e.tid}` === thread && e.ts >= lastEnd) {
      // Top-level tasks only: a nested run loop's tasks are inside the one that spun it.
      main[i]! += cpu;
      lastEnd = e.ts + (e.dur ?? 0);
    }
  }
  return { main, raster, total: main.map((m, i) => m + raster[i]!) };
}

/** The index of the frame that `ts` falls in: the last start at or before it (-1 before the first). */
function frameOf(starts: number[], ts: number): number {
  let lo = 0;
  let hi = starts.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (starts[mid]! <= ts) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}
