import { resolve } from 'node:path';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import { configPath, describeEvent, describeHeld, runConfigFile } from '../core/process';
import { PortRegistry } from '../core/registry';
import { capacityOption, parseOptions, secondsOption, type CliCommand } from './command';
import { announcePrograms } from './programs';
import { portTable } from './run/table';

const processOptions = {
  config: { value: 'FILE', help: 'the bbports.json whose "processes" to run' },
  root: { value: 'DIR', help: 'the folder whose bbports.json to run (default: the current folder)' },
  capacity: { value: 'N', help: "items per port before a write evicts the oldest (the game's MaxPortCapacity, default 50)" },
  for: { value: 'SECONDS', help: 'stop every program after this much time (default: when they all end, or Ctrl+C)' },
  echo: { help: "also print each program's output lines" },
};

/** `bbports processes`: the external Port processes of a bbports.json on the embedded engine, no VS Code needed. */
export const processesCommand: CliCommand = {
  name: 'processes',
  usage: 'processes [--config bbports.json | --root DIR] [--capacity 50] [--for SECONDS] [--echo]',
  summary: 'Runs the external programs defined in bbports.json on the embedded engine, prints their events (and with --echo their output) until they all end or Ctrl+C, then the ports.',
  options: processOptions,
  examples: ['bbports processes', 'bbports processes --config tools/bbports.json --for 30 --echo'],
  exitCodes: { 0: 'every program ended well', 1: 'a definition is wrong, none is defined, or a program failed or gave up' },
  async run(argv, io) {
    const { options } = parseOptions(argv, processOptions);
    if (options.config !== undefined && options.root !== undefined) throw new Error('give --config FILE or --root DIR, not both');
    const seconds = secondsOption(options);
    const file = options.config !== undefined ? resolve(String(options.config)) : configPath(resolve(String(options.root ?? '.')));
    const engine = new PortEngine({ capacity: capacityOption(options) });
    const source = new EngineSource(engine, 'bbports');
    const stopWatching = source.watch(() => {});
    announcePrograms(file, io.out);
    const { manager, problems, defined } = await runConfigFile(file, {
      engine,
      registry: new PortRegistry(),
      echoStdout: options.echo === true,
      onEvent: (e) => (e.type === 'stderr' || e.type === 'error' || e.type === 'gave-up' ? io.err : io.out)(describeEvent(e)),
    });
    for (const p of problems) io.err(p);
    if (!defined) {
      io.err(`${file}: no process to run`);
      return 1;
    }
    const allDone = new Promise<void>((done) => {
      const check = () => manager.list().every((p) => !p.running) && done();
      manager.onChange(check);
      check();
    });
    // Ctrl+C stops every program as a stop does (stdin closed, grace, their process groups signalled); a second one
    // kills them at once.
    let interrupts = 0;
    let interrupt!: () => void;
    const interrupted = new Promise<void>((done) => (interrupt = done));
    const onSigint = () => {
      if (interrupts++ === 0) {
        io.err('stopping the programs (Ctrl+C again to kill them now)');
        interrupt();
      } else manager.killAll();
    };
    process.on('SIGINT', onSigint);
    if (seconds !== undefined) setTimeout(interrupt, seconds * 1000).unref();
    await Promise.race([allDone, interrupted]);
    await manager.stopAll();
    process.off('SIGINT', onSigint);
    for (const line of portTable(source.ports())) io.out(line);
    for (const p of manager.list()) for (const line of describeHeld(p.inspect())) io.err(line);
    stopWatching();
    const failed = manager.list().some((p) => p.status === 'failed' || p.status === 'gave-up');
    return problems.length || failed ? 1 : 0;
  },
};
