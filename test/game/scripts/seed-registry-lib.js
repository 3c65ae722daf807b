// A client of seed 001's PortRegistry, written here from the protocol alone (the original has no licence): exactly
// the messages the original client sends and the checks it makes on answers. Requests go to port 4 as plain objects
// {type, service: "PortRegistry", ...}; free port numbers are read (shifted) from port 5.
export const SERVICE = 'PortRegistry';
export const REQUESTS = 4;
export const FREE_PORTS = 5;

/** Like the original's port write: write, yield with sleep(0), and while the write pushed an item out, back off and rewrite it. */
export async function send(ns, port, message) {
  let evicted = ns.writePort(port, message);
  await ns.sleep(0);
  let wait = 10;
  while (evicted !== null) {
    await ns.sleep(wait + Math.floor(Math.random() * 10));
    wait *= 10;
    evicted = ns.writePort(port, evicted);
  }
}

/** reservePort(): a number from FreePorts, emptied, then a fire-and-forget reserve. Throws as the original does. */
export async function reservePort(ns) {
  const port = ns.readPort(FREE_PORTS);
  if (port === 'NULL PORT DATA') throw new Error('Failed to parse port');
  if (typeof port !== 'number') throw new Error(`Failed to parse port: ${port}`);
  ns.clearPort(port);
  await send(ns, REQUESTS, { type: 'reserve', service: SERVICE, port, hostname: ns.getHostname(), pid: ns.pid });
  return port;
}

/** releasePort(port): fire-and-forget. */
export async function releasePort(ns, port) {
  await send(ns, REQUESTS, { type: 'release', service: SERVICE, port, hostname: ns.getHostname(), pid: ns.pid });
}

/** status(): on a reserved response port, with the original's 5 s timeout and its checks of the answer. */
export async function status(ns) {
  const responsePort = await reservePort(ns);
  await send(ns, REQUESTS, { type: 'status', service: SERVICE, responsePort });
  const h = ns.getPortHandle(responsePort);
  if (h.empty() && (await Promise.any([h.nextWrite(), ns.asleep(5000)]))) throw new Error(`Timeout reading from port ${responsePort}`);
  const answer = h.read();
  await releasePort(ns, responsePort);
  if (answer === 'NULL PORT DATA' || typeof answer !== 'object' || answer === null || answer.service !== SERVICE) throw new Error(`Failed to parse message: Invalid response ${JSON.stringify(answer)}`);
  if (answer.type !== 'status') throw new Error(`Invalid response: ${JSON.stringify(answer)}`);
  return answer;
}
