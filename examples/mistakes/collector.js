// Port mistakes players make; `bbports lint examples/mistakes` explains each one.
export async function main(ns) {
  const port = ns.getPortHandle(3);
  for (;;) {
    const msg = port.read();
    if (!msg) continue;
    ns.print(`${msg.target}: ${msg.money}`);
  }
}
