/** Calls the RPC service on port 10 and waits for each answer on its own reply port (11 + its pid). */
const REQUESTS = 10;

async function call(ns, reply, id, op, ...args) {
  ns.writePort(REQUESTS, { id, op, args, reply });
  const answers = ns.getPortHandle(reply);
  if (answers.empty()) await answers.nextWrite();
  return answers.read();
}

export async function main(ns) {
  const service = ns.run('service.js');
  const reply = 11 + ns.pid;
  const sum = await call(ns, reply, 1, 'add', 2, 3);
  ns.print(`add(2, 3) = ${sum.result}`);
  const shout = await call(ns, reply, 2, 'upper', 'ports');
  ns.print(`upper("ports") = ${shout.result}`);
  const bad = await call(ns, reply, 3, 'divide', 1, 0);
  ns.print(`divide: ${bad.error}`);
  ns.writePort(REQUESTS, { op: 'stop' });
  while (ns.isRunning(service)) await ns.sleep(10);
}
