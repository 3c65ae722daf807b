// `run link-values.js`: checks the value the tool wrote on port 20 kind by kind, then writes the same kinds back on
// port 21 for the tool to check.
export function kinds() {
  const shared = { n: 1 };
  const v = { map: new Map([['a', 1]]), set: new Set([1, 2]), big: 10n, date: new Date(0), re: /a+/g, bytes: new Uint8Array([1, 2, 255]), nums: [NaN, Infinity, -Infinity, -0], undef: undefined, holes: [1, , 3], a: shared, b: shared };
  v.self = v;
  return v;
}

export async function main(ns) {
  const h = ns.getPortHandle(20);
  if (h.empty()) await Promise.race([h.nextWrite(), ns.asleep(10000)]);
  const v = h.read();
  const checks = {
    map: v.map instanceof Map && v.map.get('a') === 1,
    set: v.set instanceof Set && v.set.has(2),
    big: v.big === 10n,
    date: v.date instanceof Date && v.date.getTime() === 0,
    re: v.re instanceof RegExp && v.re.source === 'a+' && v.re.flags === 'g',
    bytes: v.bytes instanceof Uint8Array && v.bytes[2] === 255,
    nums: Number.isNaN(v.nums[0]) && v.nums[1] === Infinity && v.nums[2] === -Infinity && Object.is(v.nums[3], -0),
    undef: 'undef' in v && v.undef === undefined,
    holes: v.holes.length === 3 && !(1 in v.holes),
    shared: v.a === v.b,
    cycle: v.self === v,
  };
  ns.tprint(`kinds from the tool: ${JSON.stringify(checks)}`);
  ns.writePort(21, kinds());
}
