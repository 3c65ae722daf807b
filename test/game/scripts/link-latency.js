// `run link-latency.js N`: N writes to port 3, each carrying its sequence number and the game's clock; each waits until
// the tool has seen (and cleared) the one before.
export async function main(ns) {
  const n = Number(ns.args[0] ?? 60);
  const h = ns.getPortHandle(3);
  h.clear();
  for (let i = 0; i < n; i++) {
    h.write({ seq: i, t: Date.now() });
    // The test clears the port once serve has shown the write; then, after a pause, the next one.
    for (let waited = 0; !h.empty() && waited < 10000; waited += 10) await ns.asleep(10);
    await ns.asleep(100);
  }
  ns.tprint('latency writes done');
}
