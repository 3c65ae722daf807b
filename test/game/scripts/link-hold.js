// Takes a port from the registry (FreePorts 1001, requests 1000) and holds it until killed.
export async function main(ns) {
  const port = ns.readPort(1001);
  ns.writePort(1000, { type: 'reserve', service: 'PortRegistry', port, hostname: ns.getHostname(), pid: ns.pid });
  ns.tprint(`holding ${port} as pid ${ns.pid}`);
  while (true) await ns.asleep(1000);
}
