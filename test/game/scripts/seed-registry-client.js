// `run seed-registry-client.js burst N`: reserves N ports in a burst (sleep(0) between, as the original's batch jobs
// do), checks status, releases the first, checks status again, then stays alive holding the rest.
// `run seed-registry-client.js status`: prints who holds what.
import { releasePort, reservePort, status } from 'seed-registry-lib.js';

export async function main(ns) {
  const [mode, count = 10] = ns.args;
  try {
    if (mode === 'status') {
      const s = await status(ns);
      ns.tprint(`seed status: ${JSON.stringify(s.reserved)} freeHigh ${s.freeHigh} keys ${Object.keys(s).sort().join(',')}`);
      return;
    }
    const ports = [];
    for (let i = 0; i < count; i++) ports.push(await reservePort(ns));
    ns.tprint(`seed reserved: ${ports.join(',')}`);
    const mine = (s) => s.reserved.filter((r) => r.hostname === ns.getHostname() && r.pid === ns.pid).map((r) => r.port);
    const before = mine(await status(ns));
    ns.tprint(`seed status lists mine: ${ports.every((p) => before.includes(p))}`);
    await releasePort(ns, ports[0]);
    const after = mine(await status(ns));
    ns.tprint(`seed released ${ports[0]}: ${!after.includes(ports[0]) && ports.slice(1).every((p) => after.includes(p))}`);
    ns.tprint('seed client holding');
    while (true) await ns.asleep(1000);
  } catch (e) {
    ns.tprint(`seed client threw: ${e instanceof Error ? e.message : e}`);
  }
}
