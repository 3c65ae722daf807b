// `run link-read.js PORT`: waits for an item on the port and prints it as JSON.
export async function main(ns) {
  const h = ns.getPortHandle(Number(ns.args[0]));
  if (h.empty()) await Promise.race([h.nextWrite(), ns.asleep(10000)]);
  ns.tprint(`port ${ns.args[0]} gave ${JSON.stringify(h.read())}`);
}
