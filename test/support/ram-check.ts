import ts from 'typescript';

/**
 * The game's static RAM check, as far as a test can have it: 1.6 GB base plus the cost of every identifier or property
 * name that matches a costly ns function (game.md §2), and 25 GB for `window`/`document`. The game's table is longer;
 * this one holds the names a port script is likely to trip over.
 */
const COSTS: Record<string, number> = {
  window: 25, document: 25, connect: 32, getServer: 2, spawn: 2, share: 2.4, exec: 1.3, run: 1, rm: 1, kill: 0.5, killall: 0.5,
  scp: 0.6, ps: 0.2, scan: 0.2, ls: 0.2, isRunning: 0.1, getRunningScript: 0.3, hack: 0.1, grow: 0.15, weaken: 0.15,
  getHostname: 0.05, hasRootAccess: 0.05, nuke: 0.05, fileExists: 0.1, getScriptRam: 0.1, getServerMaxRam: 0.05,
  getServerUsedRam: 0.05, getPurchasedServers: 2.25, getPlayer: 0.5, attempt: 10,
};
export const BASE_RAM_GB = 1.6;

export function staticRam(source: string): { total: number; charged: Record<string, number> } {
  const file = ts.createSourceFile('script.js', source, ts.ScriptTarget.Latest, false, ts.ScriptKind.JS);
  const charged: Record<string, number> = {};
  const visit = (node: ts.Node): void => {
    if (ts.isIdentifier(node) || ts.isPrivateIdentifier(node)) {
      const cost = COSTS[node.text];
      if (cost !== undefined) charged[node.text] = cost;
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  const total = Object.values(charged).reduce((sum, c) => sum + c, BASE_RAM_GB);
  return { total: Math.round(total * 100) / 100, charged };
}
