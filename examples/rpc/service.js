/**
 * A tiny RPC service on port 10: requests {id, op, args, reply} are answered on the reply port with {id, result} or
 * {id, error}. It waits on nextWrite, never busy-loops, and stops on {op: 'stop'}.
 */
const REQUESTS = 10;
const ops = {
  add: (a, b) => a + b,
  upper: (s) => String(s).toUpperCase(),
};

export async function main(ns) {
  const requests = ns.getPortHandle(REQUESTS);
  for (;;) {
    if (requests.empty()) await requests.nextWrite();
    const req = requests.read();
    if (req.op === 'stop') return;
    const op = ops[req.op];
    ns.writePort(req.reply, op ? { id: req.id, result: op(...req.args) } : { id: req.id, error: `unknown op ${req.op}` });
  }
}
