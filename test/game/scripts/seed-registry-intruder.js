// `run seed-registry-intruder.js PORT`: reserves a port another script holds (the original kills such a requester),
// then asks status who holds it.
import { send, SERVICE, status } from 'seed-registry-lib.js';

export async function main(ns) {
  const port = Number(ns.args[0]);
  await send(ns, 4, { type: 'reserve', service: SERVICE, port, hostname: ns.getHostname(), pid: ns.pid });
  await ns.asleep(500);
  const holder = (await status(ns)).reserved.find((r) => r.port === port);
  ns.tprint(`seed intruder ${ns.pid} alive; port ${port} held by pid ${holder?.pid}`);
}
