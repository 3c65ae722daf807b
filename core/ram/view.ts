import type { RamResult, RamSite } from './static-ram';

/** What an estimate assumed: said in the status bar's hover, so a player knows which figures to trust. */
export interface RamAssumptions {
  /** `the RAM comments of NetscriptDefinitions.d.ts` or `the cost table of game 3.x`. */
  costs: string;
  sourceFile4: number;
}

export interface RamView {
  text: string;
  /** Markdown: the total, the cost per function with the lines that cause it, what was assumed. */
  tooltip: string;
}

/**
 * The status bar's text and hover for a script's RAM. `game` is the connected game's own calculateRam for it: the
 * truth, shown instead of the estimate, with the difference said when there is one.
 */
export function ramView(path: string, result: RamResult, assumed: RamAssumptions, game?: number): RamView {
  const footer = `\n\n*Estimated by the game's static rules with ${assumed.costs}, Source-File 4 level ${assumed.sourceFile4}.*`;
  if (!result.ok) {
    const why = result.code === -1 ? 'a syntax error' : 'an import that is not there';
    return { text: '$(server) RAM: ?', tooltip: `The game would not run **${path}**: ${why} (${escape(result.reason)}).${footer}` };
  }
  const rows = result.entries.map((e) => `| ${e.name} | ${e.cost.toFixed(2)} | ${escape(sitesText(path, e.sites))} |`);
  const table = ['| for | GB | lines |', '|---|---:|---|', ...rows].join('\n');
  const estimate = result.ram.toFixed(2);
  if (game === undefined) return { text: `$(server) ${estimate} GB`, tooltip: `**${path}: ${estimate} GB** (estimate)\n\n${table}${footer}` };
  const differs = Math.abs(game - result.ram) >= 0.005;
  const head = differs
    ? `**${path}: ${game.toFixed(2)} GB** by the connected game's calculateRam; the estimate says ${estimate} GB (the game is right: its cost table or rules differ from what was assumed)`
    : `**${path}: ${game.toFixed(2)} GB** by the connected game's calculateRam, the same as the estimate`;
  return { text: `$(server) ${game.toFixed(2)} GB${differs ? ' $(warning)' : ''}`, tooltip: `${head}\n\n${table}${footer}` };
}

/** `12, 14` for lines of the script itself, `lib/x.js:3` for lines of an imported script. */
export function sitesText(path: string, at: readonly RamSite[]): string {
  return at.map((s) => (s.path === path ? String(s.line) : `${s.path}:${s.line}`)).join(', ');
}

function escape(text: string): string {
  return text.replace(/[\\`*_{}[\]()#+\-.!|<>]/g, '\\$&');
}
