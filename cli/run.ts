import { statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import { capacityOption, parseOptions, secondsOption, type CliCommand } from './command';
import { registerGameScriptLoader } from './run/loader';
import { createScriptNs } from './run/script-ns';
import { portTable } from './run/table';

/** `bbports run`: game scripts talking through ports on the embedded engine, no game needed. */
export const runCommand: CliCommand = {
  name: 'run',
  usage: 'run SCRIPT.js [SCRIPT.js…] [--root DIR] [--capacity 50] [--args JSON] [--for SECONDS]',
  summary: 'Runs game scripts (export async function main(ns)) together on the embedded port engine and prints the ports at the end. Root-absolute imports (/lib/ports.js) resolve against --root (default: the first script\'s folder).',
  async run(argv, io) {
    const { options, positional } = parseOptions(argv, { root: 'value', capacity: 'value', args: 'value', for: 'value' });
    if (!positional.length) throw new Error('name at least one script, e.g. bbports run producer.js consumer.js');
    const engine = new PortEngine({ capacity: capacityOption(options) });
    const args = scriptArgs(options.args);
    const seconds = secondsOption(options);
    const files = positional.map((f) => resolve(f));
    for (const [i, file] of files.entries()) {
      if (!statSync(file, { throwIfNoEntry: false })?.isFile()) throw new Error(`${positional[i]} is not a script file: name .js files with an exported main(ns)`);
    }
    // The game's root: where `import … from '/lib/ports.js'` looks, like the sync root the scripts are pushed from.
    const root = resolve(String(options.root ?? dirname(files[0] as string)));
    if (!statSync(root, { throwIfNoEntry: false })?.isDirectory()) throw new Error(`--root ${options.root} is not a folder`);
    const source = new EngineSource(engine, 'bbports');
    const stopWatching = source.watch(() => {});
    registerGameScriptLoader(root);
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
          const missing = (error as NodeJS.ErrnoException).code === 'ERR_MODULE_NOT_FOUND' ? ` (imports like /lib/ports.js resolve against ${root}; to change that: --root DIR)` : '';
          io.err(`${file}: ${error instanceof Error ? error.message : String(error)}${missing}`);
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
