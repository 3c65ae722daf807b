import { PORTS } from '/lib/ports.js';

/** Takes jobs until none is left, answering each on the results port. */
export async function main(ns) {
  const jobs = ns.getPortHandle(PORTS.JOBS);
  for (;;) {
    const job = jobs.read();
    if (job === 'NULL PORT DATA') return;
    await ns.sleep(10);
    ns.writePort(PORTS.RESULTS, { type: 'result', id: job.id, target: job.target, money: 1000 * (job.id + 1) });
  }
}
