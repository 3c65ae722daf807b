import { resolve } from 'node:path';
import { PortEngine } from '../core/engine/engine';
import { EngineSource } from '../core/port-view/engine-source';
import { configPath, describeEvent, runConfigFile } from '../core/process';
import { PortRegistry } from '../core/registry';
import { capacityOption, parseOptions, secondsOption, type CliCommand } from './command';
import { portTable } from './run/table';

/** `bbports processes`: the external Port processes of a bbports.json on the embedded engine, no VS Code needed. */
export const processesCommand: CliCommand = {
  name: 'processes',
  usage: 'processes [--config bbports.json | --root DIR] [--capacity 50] [--for SECONDS] [--echo]',
  summary: 'Runs the external programs defined in bbports.json on the embedded engine, prints their events (and with --echo their output) until they all end or Ctrl+C, then the ports.',
  async run(argv, io) {
    const { options } = parseOptions(argv, { config: 'value', root: 'value', capacity: 'value', for: 'value', echo: 'flag' });
    if (options.config !== undefined && options.root !== undefined) throw new Error('give --config FILE or --root DIR, not both');
    const seconds = secondsOption(options);
    const file = options.config !== undefined ? resolve(String(options.config)) : configPath(resolve(String(options.root ?? '.')));
    const engine = new PortEngine({ capacity: capacityOption(options) });
    const source = new EngineSource(engine, 'bbports');
    const stopWatching = source.watch(() => {});
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
    const interrupted = new Promise<void>((done) => {
      process.once('SIGINT', done);
      if (seconds !== undefined) setTimeout(done, seconds * 1000).unref();
    });
    await Promise.race([allDone, interrupted]);
    await manager.stopAll();
    for (const line of portTable(source.ports())) io.out(line);
    stopWatching();
    const failed = manager.list().some((p) => p.status === 'failed' || p.status === 'gave-up');
    return problems.length || failed ? 1 : 0;
  },
};
