// The dashboard under load: 100 ports and about 1,000 port events a second for 30 s (BENCH_DASHBOARD_SECONDS to
// change), the real feed posting to the real page in headless Chromium. Reports the page's frame intervals and the
// time each render takes, the work per frame from a Chromium trace (bench/dashboard-trace.ts), the extension-to-webview
// message rate, and the webview bundle's size. BENCH_DASHBOARD_TRACE=0 runs without the trace (it costs the page a
// little); BENCH_DASHBOARD_TRACE=file.json keeps it.
import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import { DashboardPage, resultsDir } from '../test/browser/harness';
import { FRAME_TRACE_CATEGORIES, frameWork } from './dashboard-trace';
import { median, percentile, table } from './measure';
import type { Bench } from './run';

const PORTS = 100;
const EVENTS_PER_SECOND = 1000;
const TICK_MS = 10;

interface PageTimings {
  frames: number[];
  renders: number[];
  longTasks: number;
}

// Page code, as strings: tsx would wrap named functions in a helper the page does not have.
/** Records requestAnimationFrame intervals and long tasks until asked for them. */
const START_FRAME_PROBE = `(() => {
  const probe = (window.__probe = { frames: [], longTasks: 0 });
  let last = 0;
  const tick = (t) => {
    if (last) probe.frames.push(t - last);
    last = t;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
  new PerformanceObserver((list) => (probe.longTasks += list.getEntries().length)).observe({ type: 'longtask' });
})()`;
const READ_PROBE = `({ ...window.__probe, renders: performance.getEntriesByName('dashboard-render').map((e) => e.duration) })`;

export const dashboardBench: Bench = {
  name: 'dashboard',
  async run() {
    const seconds = Number(process.env.BENCH_DASHBOARD_SECONDS ?? 30);
    const engine = new PortEngine();
    let events = 0;
    engine.subscribe(() => events++);
    const dash = await DashboardPage.open({ sources: [new EngineSource(engine)], viewport: { width: 1600, height: 1000 } });
    try {
      // A deterministic pipeline mix: 10 writers and 10 readers, each port with one writer and one reader; writes a
      // little ahead of reads, so that some ports fill up and evict.
      const writers = Array.from({ length: 10 }, (_, i) => engine.nsFor(`writer-${i}`));
      const readers = Array.from({ length: 10 }, (_, i) => engine.nsFor(`reader-${i}`));
      let seed = 42;
      const random = (n: number) => {
        seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
        return (seed >>> 8) % n;
      };
      // A baseline: the same page, idle, on this machine.
      await dash.page.evaluate(START_FRAME_PROBE);
      await new Promise((resolve) => setTimeout(resolve, 3000));
      const idle = ((await dash.page.evaluate(READ_PROBE)) as PageTimings).frames;
      await dash.page.evaluate(START_FRAME_PROBE);
      const tracing = process.env.BENCH_DASHBOARD_TRACE !== '0';
      if (tracing) await dash.browser.startTracing(undefined, { categories: FRAME_TRACE_CATEGORIES });
      const startPosted = dash.feed.posted;
      const start = performance.now();
      let ops = 0;
      await new Promise<void>((resolve) => {
        const timer = setInterval(() => {
          const elapsed = performance.now() - start;
          const due = Math.min(seconds * 1000, elapsed) * (EVENTS_PER_SECOND / 1000);
          for (; ops < due; ops++) {
            const port = 1 + random(PORTS);
            if (random(100) < 55) writers[port % 10]!.writePort(port, { type: 'job', port, n: ops });
            else readers[(port * 7) % 10]!.readPort(port);
          }
          if (elapsed >= seconds * 1000) {
            clearInterval(timer);
            resolve();
          }
        }, TICK_MS);
      });
      const wall = (performance.now() - start) / 1000;
      const posted = dash.feed.posted - startPosted;
      const t = (await dash.page.evaluate(READ_PROBE)) as PageTimings;
      const trace = tracing ? await dash.browser.stopTracing() : undefined;
      // For Chrome DevTools' Performance panel.
      if (trace && process.env.BENCH_DASHBOARD_TRACE?.endsWith('.json')) writeFileSync(process.env.BENCH_DASHBOARD_TRACE, trace);
      const work = trace && frameWork(JSON.parse(trace.toString('utf8')));
      await dash.page.screenshot({ path: join(resultsDir, 'dashboard-bench.png') });
      const ms = (v: number) => v.toFixed(1);
      const row = (name: string, v: number[]) => [name, ms(v.reduce((a, b) => a + b, 0) / v.length), ms(median(v)), ms(percentile(v, 95)), ms(Math.max(...v)), String(v.length)];
      const rows = [row('idle frame interval (rAF)', idle), row('frame interval (rAF)', t.frames), row('render per update', t.renders)];
      // The 16 ms figure: the frame interval cannot go below 16.7 ms at 60 Hz, the work a frame takes can.
      if (work) rows.push(row('CPU per frame: main thread', work.main), row('CPU per frame: raster', work.raster), row('CPU per frame: main + raster (the 16 ms figure)', work.total));
      table(['measure (ms)', 'mean', 'median', 'p95', 'max', 'samples'], rows);
      // At 60 Hz a frame is 16.7 ms; an interval past 1.5 of them is a frame the page did not make in time.
      const late = t.frames.filter((f) => f > 25).length;
      const js = readFileSync(join(import.meta.dirname, '../dist/webview.js'));
      table(
        ['figure', 'value'],
        [
          ['port events / s (engine)', (events / wall).toFixed(0)],
          ['messages to the webview / s', (posted / wall).toFixed(1)],
          ['late frames (interval > 25 ms)', `${late} (${((late / t.frames.length) * 100).toFixed(1)} %)`],
          ...(work ? [['frames over 16 ms of CPU (main + raster)', `${((work.total.filter((w) => w > 16).length / work.total.length) * 100).toFixed(1)} %`]] : []),
          ['load average (1 min) at the end', loadavg()[0]!.toFixed(1)],
          ['long tasks (> 50 ms) on the page', String(t.longTasks)],
          ['webview.js, minified KB', (js.length / 1024).toFixed(1)],
          ['webview.js, gzip KB', (gzipSync(js).length / 1024).toFixed(1)],
          ['webview.css KB', (statSync(join(import.meta.dirname, '../dist/webview.css')).size / 1024).toFixed(1)],
          ['seconds', wall.toFixed(1)],
        ],
      );
    } finally {
      await dash.close();
    }
  },
};
