import { calculateRam, shippedTable } from '../core/ram';
import { nsPerOp, table } from './measure';
import type { Bench } from './run';

/** A 2,000-line script: 200 functions of 10 lines, each naming ns functions, locals and object properties. */
export function bigScript(): string {
  const fns = Array.from({ length: 199 }, (_, i) =>
    [
      `function step${i}(ns, state) {`,
      `  const target = state.targets[${i % 7}];`,
      `  if (ns.getServerMoneyAvailable(target) < state.min) {`,
      `    ns.exec("grow.js", "home", ${i + 1}, target);`,
      '  } else {',
      `    state.log.push({ at: Date.now(), what: "hack", n: ${i} });`,
      '  }',
      `  ns.writePort(${(i % 20) + 1}, JSON.stringify(state.log.at(-1)));`,
      `  return step${(i + 1) % 199};`,
      '}',
    ].join('\n'),
  );
  return ['/** @param {NS} ns */', 'export async function main(ns) {', '  const state = { targets: ns.scan("home"), min: 1e6, log: [] };', '  for (let f = step0; ; f = f(ns, state)) await ns.sleep(10);', ...Array(5).fill(''), '}', ...fns].join('\n');
}

export const ramBench: Bench = {
  name: 'ram',
  async run() {
    const code = bigScript();
    const lines = code.split('\n').length;
    const tableOf = shippedTable('2.6.1');
    const ms = nsPerOp(1, () => void calculateRam(code, { path: 'big.js', table: tableOf })) / 1e6;
    table([`static RAM estimate (median of 7)`, 'ms'], [[`a ${lines.toLocaleString('en')}-line script`, ms]]);
  },
};
