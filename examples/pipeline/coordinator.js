/**
 * Starts the pipeline the game's way: the batcher, then workers with ns.exec, on home and on n00dles (after copying
 * the files there with ns.scp). `bbports run examples/pipeline/coordinator.js` runs them all in the playground.
 */
export async function main(ns) {
  const workers = Number(ns.args[0] ?? 2);
  const batcher = ns.run('batcher.js');
  if (!batcher) return ns.tprint('the batcher could not start: see the log');
  ns.scp(['worker.js', 'lib/ports.js'], 'n00dles');
  for (let i = 0; i < workers; i++) {
    const host = i % 2 ? 'n00dles' : 'home';
    const pid = ns.exec('worker.js', host, 1, i);
    if (!pid) ns.print(`worker ${i} could not start on ${host}`);
  }
  while (ns.isRunning(batcher)) await ns.sleep(100);
  ns.tprint(`all jobs done after ${Math.round(ns.getRunningScript().onlineRunningTime)} s`);
}
