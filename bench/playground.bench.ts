import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startPlayground } from '../core/playground/host';
import { table } from './measure';
import type { Bench } from './run';

const WORKERS = 100;
const JOBS = 50_000; // each a job message and a result message: 100,000 port messages
const HOUR = 3_600_000;

/** A batcher the way players write one: exec'd workers, a job port each, one results port, paced by ns.sleep. */
const SCRIPTS = {
  'batcher.js': `export async function main(ns) {
  const [workers, jobs, hour] = ns.args;
  for (let w = 0; w < workers; w++) ns.exec('worker.js', 'home', 1, 100 + w);
  const results = ns.getPortHandle(2);
  let done = 0;
  const collect = async () => {
    while (done < jobs) {
      if (results.empty()) await results.nextWrite();
      while (!results.empty()) { results.read(); done++; }
    }
  };
  const collecting = collect();
  for (let j = 0; j < jobs; j++) {
    ns.writePort(100 + (j % workers), { id: j, target: 'n00dles', ms: 500 });
    await ns.sleep(hour / jobs);
  }
  await collecting;
  for (let w = 0; w < workers; w++) ns.writePort(100 + w, { stop: true });
}`,
  'worker.js': `export async function main(ns) {
  const jobs = ns.getPortHandle(ns.args[0]);
  for (;;) {
    if (jobs.empty()) await jobs.nextWrite();
    const job = jobs.read();
    if (job.stop) return;
    await ns.sleep(job.ms);
    ns.writePort(2, { id: job.id, money: 1000 });
  }
}`,
};

/** One run of the batcher; `portEvents` as the testing API (every port event traced) or the CLI without --trace. */
async function batcherRun(root: string, portEvents: boolean): Promise<string[]> {
  const began = process.hrtime.bigint();
  const cpuBefore = process.cpuUsage();
  const run = startPlayground({ root, start: [{ script: 'batcher.js', args: [WORKERS, JOBS, HOUR] }], servers: [{ hostname: 'home', maxRam: 1024 }], portEvents });
  const result = await run.done;
  const wallS = Number(process.hrtime.bigint() - began) / 1e9;
  const cpu = process.cpuUsage(cpuBefore);
  if (result.kind !== 'ended') throw new Error(`the bench run did not end: ${result.kind === 'failed' ? result.message : 'a script froze'}`);
  const failed = result.events.filter((e) => e.type === 'exit' && e.reason !== 'returned').length;
  if (failed) throw new Error(`${failed} script(s) of the bench did not end well`);
  const messages = result.summary.ports.length ? 'ports left non-empty' : String(2 * JOBS + WORKERS);
  const simS = result.summary.simulatedMs / 1000;
  return [portEvents ? 'traced (testing API, --trace)' : 'untraced (bbports run)', messages, `${simS.toFixed(0)} s`, `${wallS.toFixed(2)} s`, `${((cpu.user + cpu.system) / 1e6).toFixed(2)} s`, String(Math.round(simS / wallS)), String(result.events.length)];
}

export const playgroundBench: Bench = {
  name: 'playground',
  async run() {
    const root = mkdtempSync(join(tmpdir(), 'bbports-bench-'));
    for (const [name, text] of Object.entries(SCRIPTS)) writeFileSync(join(root, name), text);
    const rows = [await batcherRun(root, false), await batcherRun(root, true)];
    rmSync(root, { recursive: true });
    table(['port events', 'port messages', 'simulated', 'wall', 'CPU (all threads)', 'simulated s per wall s', 'trace events'], rows);
    console.log(`${WORKERS + 1} scripts; wall and CPU include starting the worker thread (about 0.6 s of it loading the TypeScript-based RAM calculator); peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
  },
};
