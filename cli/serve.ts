import { existsSync, statSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { GameSource } from '../core/game-link/bridge/game-source';
import { bridgeStartHint, newBridgeToken } from '../core/game-link/bridge/install';
import { BRIDGE_SOURCE } from '../core/game-link/bridge/script-text';
import { GameLink } from '../core/game-link/link';
import { DEFAULT_GAME_PORT } from '../core/game-link/remote-api/game-server';
import { DEFAULT_ALLOWED_ORIGINS } from '../core/game-link/remote-api/origin';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../core/game-link/sync/file-sync';
import { PortEngine } from '../core/engine/engine';
import { configPath, describeEvent, runConfigFile, type ConfigRun } from '../core/process';
import { PortRegistry } from '../core/registry';
import { parseOptions, type CliCommand } from './command';
import { portTable } from './run/table';

const TABLE_EVERY_MS = 500;

function portList(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((n) => Number(n.trim()));
    if (!Number.isSafeInteger(a) || (a as number) < 1 || (b !== undefined && (!Number.isSafeInteger(b) || b < (a as number)))) {
      throw new Error(`--watch takes port numbers and ranges like 1-20,1000; "${part}" is not one`);
    }
    return b === undefined ? [a as number] : Array.from({ length: b - (a as number) + 1 }, (_, i) => (a as number) + i);
  });
}

/** The external programs of a bbports.json, on an engine of their own or on the game's ports (target "game"). */
async function startProcesses(file: string, registry: PortRegistry, game: () => GameSource | undefined, say: (line: string) => void, err: (line: string) => void): Promise<ConfigRun | undefined> {
  if (!existsSync(file)) return undefined;
  const run = await runConfigFile(file, { engine: new PortEngine(), registry, gameSource: game, onEvent: (e) => say(describeEvent(e)) });
  for (const problem of run.problems) err(problem);
  say(`${run.defined} external program(s) from ${file}`);
  return run;
}

/** `bbports serve`: the game link without VS Code: the Remote API server, file sync of a folder, and the bridge. */
export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve --root DIR [--port 12525] [--server home] [--watch 1-20] [--allow-origin URL,…] [--free-dead-owners] [--config bbports.json]',
  summary: 'Serves the game: pushes every game file under DIR when the game connects and again when it changes on disk, installs the port bridge, and prints a live table of watched game ports; runs the external programs of DIR/bbports.json (or --config). Ctrl+C stops.',
  async run(argv, io) {
    const { options } = parseOptions(argv, { root: 'value', port: 'value', server: 'value', watch: 'value', 'allow-origin': 'value', 'free-dead-owners': 'flag', config: 'value' });
    if (typeof options.root !== 'string') throw new Error('say which folder to sync: --root DIR');
    const root = resolve(options.root);
    if (!existsSync(root) || !statSync(root).isDirectory()) throw new Error(`--root ${options.root} is not a folder`);
    const port = options.port === undefined ? DEFAULT_GAME_PORT : Number(options.port);
    if (!Number.isSafeInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, was ${options.port}`);
    const server = typeof options.server === 'string' ? options.server : 'home';
    const watched = portList(typeof options.watch === 'string' ? options.watch : '1-20');
    const liveness = options['free-dead-owners'] === true;
    const extraOrigins = typeof options['allow-origin'] === 'string' ? options['allow-origin'].split(',').map((o) => o.trim()).filter(Boolean) : [];
    const stamp = () => new Date().toTimeString().slice(0, 8);
    const say = (line: string) => io.out(`${stamp()} ${line}`);

    const registry = new PortRegistry();
    const link = new GameLink({ server: { port, allowedOrigins: [...DEFAULT_ALLOWED_ORIGINS, ...extraOrigins] }, bridge: { token: newBridgeToken(), registry: () => registry, liveness }, log: say });
    const sync = new FileSync(link.server, { ...DEFAULT_SYNC_OPTIONS, root, server }, say);
    const updateWatch = () => link.hub.setWatch([...watched, ...registry.status().reserved.map((r) => r.port)], []);
    registry.onChange(updateWatch);
    updateWatch();

    const game = new GameSource(link.server, link.hub, { capacity: () => 50, pinned: () => new Set() });
    let tableTimer: NodeJS.Timeout | undefined;
    link.hub.onChange.on(() => {
      tableTimer ??= setTimeout(() => {
        tableTimer = undefined;
        if (!link.hub.link) return;
        io.out(`${stamp()} game ports (${game.status()}):`);
        for (const line of portTable(game.ports())) io.out(`  ${line}`);
      }, TABLE_EVERY_MS);
    });

    link.server.onGame.on(async () => {
      sync.forgetSent();
      try {
        const outcome = await sync.pushAll();
        say(`pushed ${outcome.done.length} file(s) to ${server}${outcome.failed.length ? `, ${outcome.failed.length} failed:` : ''}`);
        for (const f of outcome.failed) io.err(`  ${f.file}: ${f.error}`);
        const ram = await link.installBridge(BRIDGE_SOURCE, server, liveness);
        say(bridgeStartHint(ram, server));
      } catch (error) {
        io.err(`${stamp()} ${(error as Error).message}`);
      }
    });

    // Changes on disk (an editor, a bundler, git) are pushed; deletes go to the game's trash folder.
    const pending = new Map<string, NodeJS.Timeout>();
    const watcher = watch(root, { recursive: true }, (_event, name) => {
      if (!name) return;
      const file = join(root, name.toString());
      clearTimeout(pending.get(file));
      pending.set(
        file,
        setTimeout(() => {
          pending.delete(file);
          if (!link.server.connected) return;
          const work = existsSync(file) ? (statSync(file).isFile() ? sync.push(file) : sync.pushAll(file)) : sync.removeUnder(file);
          work?.catch((error: Error) => io.err(`${stamp()} ${error.message}`));
        }, 50),
      );
    });

    // A failed start is reported once, by the error start() throws.
    link.server.onStatus.on((s) => s.state !== 'error' && say(`game link: ${s.state}${s.detail ? ` (${s.detail})` : ''}`));
    try {
      await link.server.start();
    } catch (error) {
      watcher.close();
      throw new Error(`${(error as Error).message} With bbports: --port N.`);
    }
    say(`syncing ${root} to ${server}. In the game: Options → Remote API, port ${link.server.status.port}, Connect.`);
    const processes = await startProcesses(typeof options.config === 'string' ? resolve(options.config) : configPath(root), registry, () => (link.hub.link ? game : undefined), say, io.err);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    watcher.close();
    await processes?.manager.stopAll();
    await link.stop();
    return 0;
  },
};
