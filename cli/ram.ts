import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';
import { GAME_VERSIONS, type GameVersion } from '../core/engine/game-version';
import type { RamResult } from '../core/ram';
import { sitesText } from '../core/ram/view';
import { gameVersionOption, parseOptions, type CliCommand } from './command';
import { alignedTable } from './run/table';

const ramOptions = {
  root: { value: 'DIR', help: "the game's home folder: script paths and /lib/x.js imports start there (default: the first script's folder)" },
  'game-version': { value: GAME_VERSIONS.join('|'), help: 'whose cost table to use when no definitions are found (default 3.x)' },
  'source-file-4': { value: 'N', help: 'your Source-File 4 level: singularity costs 16x below 2, 4x at 2, 1x from 3 (default 0)' },
  definitions: { value: 'FILE', help: "the game's NetscriptDefinitions.d.ts, whose RAM comments override the table (default: ROOT/NetscriptDefinitions.d.ts if there)" },
  format: { value: 'text|json', help: 'lines for people, or JSON records (default text)' },
};

/** `bbports ram`: what the game's static RAM check charges each script, with the cost of each function. */
export const ramCommand: CliCommand = {
  name: 'ram',
  usage: 'ram SCRIPT.js… [--root DIR] [--game-version 3.x|2.6.1] [--source-file-4 N] [--definitions FILE] [--format text|json]',
  summary: "Estimates each script's RAM by the game's static rules, without the game: the total, each charged function and the lines that cause it, and which cost table was assumed.",
  options: ramOptions,
  examples: ['bbports ram src/worker.js', 'bbports ram src/*.js --root src --game-version 2.6.1 --source-file-4 3', 'bbports ram batcher.js --format json'],
  exitCodes: { 0: 'every script was estimated', 1: 'a script the game would refuse to run (a syntax error, an import not on the server)' },
  async run(argv, io) {
    const { options, positional } = parseOptions(argv, ramOptions);
    if (!positional.length) throw new Error('name the scripts to estimate, e.g. bbports ram src/worker.js');
    for (const p of positional) if (!existsSync(p) || !statSync(p).isFile()) throw new Error(`${p} is not a file: name script files`);
    const version = gameVersionOption(options['game-version']);
    const sourceFile4 = sourceFile4Option(options['source-file-4']);
    const format = String(options.format ?? 'text');
    if (format !== 'text' && format !== 'json') throw new Error(`--format must be text or json, was ${format}`);
    const root = resolve(String(options.root ?? dirname(positional[0] as string)));
    // The calculator carries the TypeScript compiler, bundled beside this file (dist/ram.js) and loaded only here.
    const ram = require(join(__dirname, 'ram.js')) as typeof import('../core/ram');
    const { table, assumed } = costTable(ram, root, version, options.definitions, sourceFile4);
    const scripts = { get: (path: string) => readScript(root, path) };
    const results = positional.map((file) => {
      const path = gamePath(root, file);
      return { file, path, result: ram.calculateRam(readFileSync(file, 'utf8'), { path, otherScripts: scripts, sourceFile4, table }) };
    });
    if (format === 'json') io.out(JSON.stringify({ assumed, scripts: results.map(({ path, result }) => ({ path, ...result })) }, null, 2));
    else for (const line of textReport(results, assumed)) io.out(line);
    return results.every((r) => r.result.ok) ? 0 : 1;
  },
};

function sourceFile4Option(raw: string | true | undefined): number {
  if (raw === undefined) return 0;
  const n = Number(raw);
  if (!Number.isInteger(n) || n < 0 || n > 3) throw new Error(`--source-file-4 must be your Source-File 4 level, 0 to 3, was ${raw}`);
  return n;
}

/** The definitions named, or ROOT/NetscriptDefinitions.d.ts when there, over the version's table. */
function costTable(ram: typeof import('../core/ram'), root: string, version: GameVersion | undefined, given: string | true | undefined, sourceFile4: number) {
  const file = given === undefined ? join(root, 'NetscriptDefinitions.d.ts') : String(given);
  if (given !== undefined && !existsSync(file)) throw new Error(`--definitions ${file} does not exist: fetch the game's NetscriptDefinitions.d.ts, or leave the option out`);
  const { table, costs } = ram.assumedTable(version, existsSync(file) ? { name: file, text: readFileSync(file, 'utf8') } : undefined);
  return { table, assumed: `${costs}, Source-File 4 level ${sourceFile4}` };
}

/** A script's path on the game server: relative to the root, with forward slashes. */
function gamePath(root: string, file: string): string {
  const rel = relative(root, resolve(file));
  if (rel.startsWith('..')) throw new Error(`${file} is outside --root ${root}: give the folder that holds all the scripts as --root`);
  return rel.split(sep).join('/');
}

function readScript(root: string, path: string): string | undefined {
  const file = join(root, ...path.split('/'));
  return existsSync(file) ? readFileSync(file, 'utf8') : undefined;
}

function textReport(results: { path: string; result: RamResult }[], assumed: string): string[] {
  const lines: string[] = [];
  for (const { path, result } of results) {
    if (!result.ok) {
      lines.push(`${path}: the game would not run it: ${result.reason}`, '');
      continue;
    }
    lines.push(`${path}  ${result.ram.toFixed(2)} GB`);
    const rows = result.entries.map((e) => [`${e.cost.toFixed(2)} GB`, e.name, sitesText(path, e.sites)]);
    for (const row of alignedTable(['cost', 'for', 'lines'], rows)) lines.push(`  ${row}`.trimEnd());
    lines.push('');
  }
  lines.push(`Assumed: ${assumed}. The game's own figure (mem SCRIPT) is the truth when it differs.`);
  return lines;
}
