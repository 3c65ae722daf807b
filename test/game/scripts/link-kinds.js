// Writes one value of each kind JSON cannot carry to its own port; port 14 gets a Blob (structuredClone takes it,
// the link cannot carry it), and port 15 a plain value written after it.
export async function main(ns) {
  const loop = { name: 'loop' };
  loop.self = loop;
  for (const p of [5, 6, 8, 9, 10, 13, 14, 15]) ns.clearPort(p);
  ns.writePort(5, loop);
  ns.writePort(6, new Map([['a', 1]]));
  ns.writePort(8, 10n);
  ns.writePort(9, [undefined, Infinity, -0, NaN]);
  ns.writePort(10, new Set([1, 2]));
  ns.writePort(13, new Date(0));
  ns.writePort(14, new Blob(['x']));
  ns.writePort(15, 'after the blob');
  ns.tprint('kinds written');
}
