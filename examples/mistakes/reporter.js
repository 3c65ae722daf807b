export async function main(ns) {
  await ns.writePort(3, { target: 'n00dles', money: 5, report: () => 'done' });
  const next = ns.peek(3);
  if (next === 'NULL_PORT_DATA') return;
  ns.nextPortWrite(3);
}
