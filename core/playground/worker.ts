// The playground's worker thread (dist/playground-worker.js): one simulation, its scripts, and nothing else, so a
// script that never yields can be stopped from outside (worker.terminate()) without taking the caller down.
import { parentPort, workerData } from 'node:worker_threads';
import { installSimulatedClock } from './clock';
import { registerGameScriptLoader } from './loader';
import { ScriptDeath } from './process';
import { loadRamCalculator } from './ram';
import { Simulation, type SimulationOptions } from './simulation';
import type { TraceEvent } from './trace';
import type { FromWorker, ToWorker } from './messages';

const FLUSH_MS = 50;
const HEARTBEAT_MS = 100;

const { options, watch } = workerData as { options: SimulationOptions; watch: SharedArrayBuffer };
const port = parentPort as NonNullable<typeof parentPort>;
const shared = new Int32Array(watch);
// Captured before the clock is simulated: the scheduler's wall time at a finite speed, and the flush rhythm.
const wallNow = performance.now.bind(performance);
const post = (message: FromWorker) => port.postMessage(message);

let batch: TraceEvent[] = [];
let lastFlush = wallNow();
const flush = () => {
  if (batch.length) post({ type: 'events', events: batch });
  batch = [];
  lastFlush = wallNow();
};

registerGameScriptLoader(options.root);
// Loaded before the first heartbeat: reading the compiler is start-up, not a script holding the thread.
loadRamCalculator();
const sim = new Simulation(options, {
  emit: (e) => {
    batch.push(e);
    // Sent at once: should the script freeze the thread next, the watchdog's report still knows who it is.
    if (e.type === 'start') flush();
  },
  step: () => wallNow() - lastFlush > FLUSH_MS && flush(),
  wallNow,
  current: (pid) => (shared[1] = pid),
});
installSimulatedClock(() => sim.now, Date.now());
// Runs only while the event loop is free: when it stops counting, a script holds the thread.
Atomics.add(shared, 0, 1);
const heartbeat = setInterval(() => Atomics.add(shared, 0, 1), HEARTBEAT_MS);
const flusher = setInterval(flush, FLUSH_MS);
port.on('message', (m: ToWorker) => (m.type === 'stop' ? sim.stop() : sim.scheduler.setSpeed(m.speed)));
// A script's own promise that rejects with nobody listening must not take the whole run down (the game carries on).
process.on('unhandledRejection', (reason) => {
  if (!(reason instanceof ScriptDeath)) console.error('bbports playground: a script left a rejected promise unhandled:', reason);
});

post({ type: 'ready' });
sim.run().then(
  (summary) => {
    flush();
    post({ type: 'end', summary });
  },
  (error: Error) => {
    flush();
    post({ type: 'failed', message: error.message });
  },
).finally(() => {
  clearInterval(heartbeat);
  clearInterval(flusher);
  port.close();
});
