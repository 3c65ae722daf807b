import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import { parseOptions, type CliCommand } from './command';
import { registerGameScriptLoader } from './run/loader';
import { createScriptNs } from './run/script-ns';
import { portTable } from './run/table';

/** `bbports run`: game scripts talking through ports on the embedded engine, no game needed. */
export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run SCRIPT.js [SCRIPT.js…] [--capacity 50] [--args JSON] [--for SECONDS]',
  summary: 'Runs game scripts (export async function main(ns)) together on the embedded port engine and prints the ports at the end.',
  async run(argv, io) {
    const { options, positional } = parseOptions(argv, { capacity: 'value', args: 'value', for: 'value' });
    if (!positional.length) throw new Error('name at least one script, e.g. bbports run producer.js consumer.js');
    const capacity = options.capacity === undefined ? undefined : Number(options.capacity);
    const engine = new PortEngine({ capacity });
    const source = new EngineSource(engine, 'bbports');
    const stopWatching = source.watch(() => {});
    const args = options.args === undefined ? [] : JSON.parse(String(options.args));
    if (!Array.isArray(args)) throw new Error(`--args must be a JSON array, e.g. --args '["n00dles", 5]'`);
    const seconds = options.for === undefined ? undefined : Number(options.for);
    if (seconds !== undefined && !(seconds > 0)) throw new Error(`--for must be a positive number of seconds, was ${options.for}`);

    const files = positional.map((f) => resolve(f));
    registerGameScriptLoader(dirname(files[0] as string));
    const stop = new AbortController();
    const timer = seconds === undefined ? undefined : setTimeout(() => stop.abort(new Error('time is up')), seconds * 1000);
    let failed = 0;
    // Scripts that wait forever (a daemon on nextWrite) end with the run: --for stops waiting for them.
    const timeUp = new Promise<void>((done) => stop.signal.addEventListener('abort', () => done(), { once: true }));
    const scripts = Promise.all(
      files.map(async (file, i) => {
        const ns = createScriptNs({ engine, file, pid: i + 1, args, signal: stop.signal, print: (line) => io.out(`[${i + 1} ${file.split('/').pop()}] ${line}`) });
        try {
          const mod = (await import(pathToFileURL(file).href)) as { main?: (ns: object) => unknown };
          if (typeof mod.main !== 'function') throw new Error('it has no exported main(ns) function');
          await mod.main(ns);
        } catch (error) {
          if (stop.signal.aborted && error === stop.signal.reason) return;
          failed++;
          io.err(`${file}: ${error instanceof Error ? error.message : String(error)}`);
        } finally {
          for (const handler of (ns as { exitHandlers: (() => void)[] }).exitHandlers) handler();
        }
      }),
    );
    await Promise.race([scripts, timeUp]);
    clearTimeout(timer);
    for (const line of portTable(source.ports())) io.out(line);
    stopWatching();
    return failed ? 1 : 0;
  },
};
