import { PORTS } from '/lib/ports.js';

/** Hands out jobs, then collects one result per job. */
export async function main(ns) {
  const targets = ['n00dles', 'foodnstuff', 'sigma-cosmetics', 'joesguns', 'hong-fang-tea'];
  for (const [i, target] of targets.entries()) {
    if (!ns.tryWritePort(PORTS.JOBS, { type: 'hack', id: i, target })) ns.print(`jobs port full, job ${i} not sent`);
  }
  const results = ns.getPortHandle(PORTS.RESULTS);
  let done = 0;
  while (done < targets.length) {
    if (results.empty()) await results.nextWrite();
    const result = results.read();
    if (result === 'NULL PORT DATA') continue;
    done++;
    ns.print(`job ${result.id} on ${result.target}: $${result.money}`);
  }
}
