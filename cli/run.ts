import { readFileSync, statSync, writeFileSync } from 'node:fs';
import { dirname, isAbsolute, relative, resolve, sep } from 'node:path';
import { GAME_VERSIONS } from '../core/engine/game-version';
import { startPlayground } from '../core/playground/host';
import { toRecording } from '../core/playground/recording';
import { parseNetwork, type ServerSpec } from '../core/playground/servers';
import { parseDuration } from '../core/playground/time';
import type { SimulationOptions } from '../core/playground/simulation';
import { capacityOption, gameVersionOption, parseOptions, secondsOption, type CliCommand, type CliIo } from './command';
import { failureLines, logLine, report } from './run/report';

const options = {
  root: { value: 'DIR', help: "the game's home folder: its files are home's, and /lib/x.js imports resolve here (default: the first script's folder)" },
  args: { value: 'JSON', help: 'ns.args of the scripts named here, a JSON array, e.g. \'["n00dles", 5]\'' },
  until: { value: 'TIME', help: 'end the run at this simulated time, e.g. 30s, 10m, 1h (default: when nothing is left to happen)' },
  for: { value: 'SECONDS', help: 'end the run after this much wall-clock time' },
  realtime: { help: 'run on the wall clock (default: simulated time, which jumps over waits so an hour takes a moment)' },
  servers: { value: 'FILE', help: 'the network besides home, a JSON list like [{"hostname": "n00dles", "maxRam": 4}] (default: an early-game one)' },
  capacity: { value: 'N', help: "items per port before a write evicts the oldest (the game's MaxPortCapacity, default 50)" },
  'game-version': { value: 'V', help: `whose error texts the port functions throw: ${GAME_VERSIONS.join(' or ')} (default 3.x)` },
  trace: { value: 'FILE', help: "write the run's port events to FILE as a dashboard recording (Open Recording replays it)" },
  watchdog: { value: 'SECONDS', help: 'stop a script that holds the thread this long without yielding, as the game would freeze (default 5)' },
};

/** `bbports run`: game scripts on a simulated game (servers, RAM, processes, time) around the embedded port engine. */
export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run SCRIPT.js [SCRIPT.js…] [OPTIONS]',
  summary:
    'Runs game scripts (export async function main(ns)) on home in a simulated game: what they exec runs too, on the simulated servers and their RAM, in simulated time. Prints each log line as it happens, then every script\'s end and the ports.',
  options,
  examples: [
    'bbports run coordinator.js --until 1h',
    'bbports run examples/pipeline/batcher.js examples/pipeline/worker.js',
    "bbports run jobs/batcher.js --root . --args '[\"n00dles\"]' --trace run.json",
  ],
  exitCodes: {
    0: 'every script ended by itself',
    1: 'a script failed (threw, had a syntax error, broke the concurrency rule) or could not start',
    3: 'the run ended with scripts still waiting (on a port nobody writes, or at --until/--for): the report says who waits on what',
    4: 'a script ran without yielding and was stopped (in the game it would freeze the page)',
  },
  async run(argv, io) {
    const { options: o, positional } = parseOptions(argv, options);
    const sim = simulationOptions(o, positional);
    const forSeconds = secondsOption(o);
    const watchdog = secondsOption(o, 'watchdog') ?? 5;
    const trace = typeof o.trace === 'string' ? resolve(o.trace) : undefined;
    const began = Date.now();
    let timer: NodeJS.Timeout | undefined;
    const run = startPlayground(sim, {
      watchdogMs: watchdog * 1000,
      onEvents: (events) => live(events, io),
      onReady: () => (timer = forSeconds === undefined ? undefined : setTimeout(stop, forSeconds * 1000)),
    });
    const stop = () => run.stop();
    process.once('SIGINT', stop);
    const result = await run.done;
    clearTimeout(timer);
    process.off('SIGINT', stop);
    const code = report(result, io, Date.now() - began, forSeconds);
    if (trace && result.kind !== 'failed') {
      const end = result.kind === 'ended' ? result.summary.simulatedMs : (result.events.at(-1)?.t ?? 0);
      writeFileSync(trace, JSON.stringify(toRecording(result.events, began, sim.capacity ?? 50, end)));
      io.out(`port events written to ${trace} (open it in the dashboard: Open Recording)`);
    }
    return code;
  },
};

/** Log lines and failures as they happen. */
function live(events: import('../core/playground/trace').TraceEvent[], io: CliIo): void {
  for (const e of events) {
    if (e.type === 'log') io.out(logLine(e));
    else if (e.type === 'exit' && e.reason === 'error') for (const line of failureLines(e)) io.err(line);
  }
}

function simulationOptions(o: Record<string, string | true>, positional: string[]): SimulationOptions {
  if (!positional.length) throw new Error('name at least one script, e.g. bbports run coordinator.js');
  const files = positional.map((f) => resolve(f));
  for (const [i, file] of files.entries()) {
    const stat = statSync(file, { throwIfNoEntry: false });
    if (!stat) throw new Error(`${positional[i]} does not exist (looked for ${file}): name .js files with an exported main(ns)`);
    if (!stat.isFile() || !file.endsWith('.js')) throw new Error(`${positional[i]} is not a script file: name .js files with an exported main(ns)`);
  }
  const root = resolve(String(o.root ?? dirname(files[0] as string)));
  if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--root ${o.root} is not a folder`);
  const scripts = files.map((file, i) => {
    const rel = relative(root, file);
    if (rel.startsWith('..') || isAbsolute(rel)) throw new Error(`${positional[i]} is outside the root ${root}: the game runs only files on its servers; give --root a folder that holds every script`);
    return rel.split(sep).join('/');
  });
  const version = gameVersionOption(o['game-version']);
  return {
    root,
    start: scripts.map((script) => ({ script, args: scriptArgs(o.args) })),
    servers: o.servers === undefined ? undefined : readNetwork(String(o.servers)),
    untilMs: o.until === undefined ? undefined : parseDuration(String(o.until), '--until'),
    realtime: o.realtime === true,
    portEvents: o.trace !== undefined,
    capacity: capacityOption(o),
    version,
    missingImportHint: `(imports like /lib/ports.js resolve against ${root}; to change that: --root DIR)`,
  };
}

function readNetwork(file: string): ServerSpec[] {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch {
    throw new Error(`--servers ${file} cannot be read: give a JSON file listing the servers`);
  }
  try {
    return parseNetwork(JSON.parse(text), file);
  } catch (error) {
    throw new Error(error instanceof SyntaxError ? `--servers ${file} is not JSON (${error.message})` : (error as Error).message);
  }
}

/** `--args JSON`: the scripts' ns.args, a JSON array. */
function scriptArgs(raw: string | true | undefined): unknown[] {
  if (raw === undefined) return [];
  let args: unknown;
  try {
    args = JSON.parse(String(raw));
  } catch {
    args = undefined;
  }
  if (!Array.isArray(args)) throw new Error(`--args must be a JSON array, e.g. --args '["n00dles", 5]', was ${String(raw)}`);
  return args;
}

