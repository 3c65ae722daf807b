// Sends a line to the external "echo" program (target game, input port 11) and prints its answer from port 12.
export async function main(ns) {
  ns.clearPort(12);
  ns.writePort(11, String(ns.args[0] ?? 'ping'));
  const h = ns.getPortHandle(12);
  if (h.empty()) await Promise.race([h.nextWrite(), ns.asleep(10000)]);
  ns.tprint(`echo answered: ${h.read()}`);
}
