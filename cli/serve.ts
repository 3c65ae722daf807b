import { existsSync, statSync, watch } from 'node:fs';
import { join, resolve } from 'node:path';
import { GameSource } from '../core/game-link/bridge/game-source';
import { DEFAULT_FREE_PORTS_PORT, DEFAULT_REQUEST_PORT, SEED_001_PORTS } from '../core/game-link/bridge/bridge-hub';
import { bridgeStartHint, deadOwnerAdvice } from '../core/game-link/bridge/install';
import { loadBridgeToken, userConfigDir } from '../core/game-link/bridge/token-store';
import { BRIDGE_SOURCE } from '../core/game-link/bridge/script-text';
import { watchBridgeVersion } from '../core/game-link/bridge/version-check';
import { GameLink } from '../core/game-link/link';
import { DEFAULT_GAME_PORT } from '../core/game-link/remote-api/game-server';
import { DEFAULT_ALLOWED_ORIGINS } from '../core/game-link/remote-api/origin';
import { DEFAULT_SYNC_OPTIONS, FileSync } from '../core/game-link/sync/file-sync';
import { pushStale, reconcile, revertedScriptsNotice, summarize } from '../core/game-link/sync/reconcile';
import { configPath } from '../core/process';
import { JsonFileStore, PortRegistry } from '../core/registry';
import { parseOptions, type CliCommand } from './command';
import { announcePrograms } from './programs';
import { portTable } from './run/table';
import { startConsole } from './serve/console';
import { startServeProcesses } from './serve/processes';

/** The table is printed as soon as a port changes, then at most this often while ports keep changing. */
const TABLE_GAP_MS = 50;

function portList(text: string): number[] {
  return text.split(',').flatMap((part) => {
    const [a, b] = part.split('-').map((n) => Number(n.trim()));
    if (!Number.isSafeInteger(a) || (a as number) < 1 || (b !== undefined && (!Number.isSafeInteger(b) || b < (a as number)))) {
      throw new Error(`--watch takes port numbers and ranges like 1-20,1000; "${part}" is not one`);
    }
    return b === undefined ? [a as number] : Array.from({ length: b - (a as number) + 1 }, (_, i) => (a as number) + i);
  });
}

/** `--NAME N`: a game port number from 1, or `fallback` when not given. */
function portOption(options: Record<string, string | true>, name: string, fallback: number): number {
  const raw = options[name];
  if (raw === undefined) return fallback;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n < 1) throw new Error(`--${name} must be a game port number from 1, was ${raw}`);
  return n;
}

/** The registry's well-known ports: --preset seed-001 (4 and 5, the original PortRegistry's), or --request-port/--free-ports-port. */
function registryPorts(options: Record<string, string | true>): { requestPort: number; freePortsPort: number } {
  const preset = options.preset;
  if (preset !== undefined && preset !== 'seed-001') throw new Error(`--preset takes seed-001 (requests on port 4, FreePorts on port 5), was ${preset}`);
  const base = preset === 'seed-001' ? SEED_001_PORTS : { requestPort: DEFAULT_REQUEST_PORT, freePortsPort: DEFAULT_FREE_PORTS_PORT };
  const ports = { requestPort: portOption(options, 'request-port', base.requestPort), freePortsPort: portOption(options, 'free-ports-port', base.freePortsPort) };
  if (ports.requestPort === ports.freePortsPort) throw new Error(`the registry's request port and FreePorts must differ, both are ${ports.requestPort}`);
  return ports;
}

/**
 * Reconciles the folder with the game (it may have reloaded an older save): pushes what is missing or stale there,
 * and lists, without overwriting, what was changed in the game or exists only there.
 */
async function syncOnConnect(sync: FileSync, say: (line: string) => void, err: (line: string) => void): Promise<void> {
  const { server } = sync.options;
  const report = await reconcile(sync);
  say(`checked ${server} against the folder: ${summarize(report)}`);
  const outcome = await pushStale(sync, report);
  say(`pushed ${outcome.done.length} file(s) to ${server}${outcome.failed.length ? `, ${outcome.failed.length} failed:` : ''}`);
  for (const f of outcome.failed) err(`  ${f.file}: ${f.error}`);
  const notice = revertedScriptsNotice(report, server);
  if (notice) say(notice);
  for (const f of report.changedInGame) say(`  changed in the game, not overwritten: ${f.gamePath} (save the local file to push your version over it)`);
  for (const gamePath of report.onlyInGame) say(`  only in the game: ${gamePath}`);
}

const serveOptions = {
  root: { value: 'DIR', help: 'the folder of game scripts to keep in sync with the game (required)' },
  port: { value: 'N', help: `the port the Remote API server listens on, on 127.0.0.1; type the same in the game (default ${DEFAULT_GAME_PORT})` },
  server: { value: 'HOST', help: 'the game server files are pushed to (default home)' },
  watch: { value: 'PORTS', help: 'game ports to show live, numbers and ranges like 1-20,1000 (default 1-20)' },
  'allow-origin': { value: 'URL,…', help: 'more web origins allowed to connect as the game (scheme://host:* allows any port)' },
  'free-dead-owners': { help: 'free registry reservations whose owning script is no longer running (the bridge then costs 1.70 GB: ns.isRunning)' },
  preset: { value: 'seed-001', help: "the registry on the original PortRegistry's ports: requests on 4, FreePorts on 5" },
  'request-port': { value: 'N', help: `the game port scripts send registry requests to (default ${DEFAULT_REQUEST_PORT})` },
  'free-ports-port': { value: 'N', help: `the game port the bridge keeps full of free port numbers (default ${DEFAULT_FREE_PORTS_PORT})` },
  'free-ports-fill': { value: 'N', help: 'how many numbers to keep on FreePorts; 0 (the default) keeps it full, as the original PortRegistry does' },
  config: { value: 'FILE', help: 'the bbports.json whose external programs to run (default DIR/bbports.json)' },
};

/** `bbports serve`: the game link without VS Code: the Remote API server, file sync of a folder, and the bridge. */
export const serveCommand: CliCommand = {
  name: 'serve',
  usage: 'serve --root DIR [--port 12525] [--server home] [--watch 1-20] [--allow-origin URL,…] [--free-dead-owners] [--preset seed-001 | --request-port N --free-ports-port N] [--free-ports-fill N] [--config bbports.json]',
  summary: 'Serves the game: when the game connects, compares DIR with it and pushes what the game lacks or holds an older copy of (files changed in the game are listed, never overwritten), then pushes each change on disk; installs the port bridge, and prints a live table of watched game ports; runs the external programs of DIR/bbports.json (or --config). Ctrl+C stops.',
  options: serveOptions,
  examples: ['bbports serve --root src', 'bbports serve --root dist --port 12526 --watch 1-20,1024-1100', 'bbports serve --root src --preset seed-001 --free-dead-owners'],
  exitCodes: { 0: 'stopped with Ctrl+C' },
  async run(argv, io) {
    const { options } = parseOptions(argv, serveOptions);
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

    const ports = registryPorts(options);
    const fill = options['free-ports-fill'] === undefined ? 0 : Number(options['free-ports-fill']);
    if (!Number.isSafeInteger(fill) || fill < 0) throw new Error(`--free-ports-fill must be a whole number of port numbers (0: keep FreePorts full), was ${options['free-ports-fill']}`);

    // Kept beside the token: a restarted serve still knows which ports the game's scripts hold (a reload frees them).
    const registry = new PortRegistry({ store: new JsonFileStore(join(userConfigDir(), 'serve-registry.json'), (m) => say(`registry: ${m}`)) });
    // The token outlives serve (and is VS Code's too), so a running bridge, or one a save restores, links again.
    const link = new GameLink({ server: { port, allowedOrigins: [...DEFAULT_ALLOWED_ORIGINS, ...extraOrigins] }, bridge: { token: loadBridgeToken(), registry: () => registry, liveness, ...ports, freePortsFill: fill }, log: say });
    const sync = new FileSync(link.server, { ...DEFAULT_SYNC_OPTIONS, root, server }, say);
    const pinned = new Set<number>();
    const deep = new Set<number>();
    const updateWatch = () => link.hub.setWatch([...watched, ...pinned, ...registry.status().reserved.map((r) => r.port)], deep);
    registry.onChange(updateWatch);
    updateWatch();

    const game = new GameSource(link.server, link.hub, { capacity: () => 50, pinned: () => pinned });
    const table = () => [`game ports (${game.status()}):`, ...portTable(game.ports()).map((line) => `  ${line}`)];
    printTableOnChange(link, table, say, io.out);
    const stopConsole = startConsole(process.stdin, { source: () => (link.hub.link ? game : undefined), pinned, deep, watchChanged: updateWatch, table }, say, (line) => io.err(`${stamp()} ${line}`));

    watchBridgeVersion(link, { source: BRIDGE_SOURCE, target: () => ({ server, liveness }), notify: say, log: say });
    link.server.onGame.on(async () => {
      sync.forgetSent();
      try {
        await syncOnConnect(sync, say, io.err);
        const ram = await link.installBridge(BRIDGE_SOURCE, server, liveness);
        // A bridge already linked (restored from the save) needs no start: saying "type run" would start a second.
        if (!link.hub.link) say(bridgeStartHint(ram, server));
        if (!liveness) say(deadOwnerAdvice('--free-dead-owners'));
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
    // The first thing a user needs is what to type in the game, before the link's own lines.
    say(`In the game: Options → Remote API, host 127.0.0.1, port ${port}, then Connect. (Ctrl+C stops.)`);
    try {
      await link.server.start();
    } catch (error) {
      watcher.close();
      throw new Error(`${(error as Error).message} With bbports: --port N.`);
    }
    say(`syncing ${root} to ${server}; waiting for the game on port ${link.server.status.port}.`);
    say(`registry: requests on game port ${ports.requestPort}, FreePorts on ${ports.freePortsPort}. Type help for the port commands.`);
    const configFile = typeof options.config === 'string' ? resolve(options.config) : configPath(root);
    announcePrograms(configFile, say);
    const processes = await startServeProcesses(configFile, registry, link.hub, game, say, io.err);
    await new Promise<void>((done) => {
      process.once('SIGINT', done);
      process.once('SIGTERM', done);
    });
    watcher.close();
    stopConsole();
    await processes?.stopAll();
    await link.stop();
    return 0;
  },
};

/** Prints the game's port table as soon as it changes (the latency a player sees), at most every TABLE_GAP_MS. */
function printTableOnChange(link: GameLink, table: () => string[], say: (line: string) => void, out: (line: string) => void): void {
  let timer: NodeJS.Timeout | undefined;
  let last = '';
  let lastAt = 0;
  link.hub.onChange.on(() => {
    timer ??= setTimeout(
      () => {
        timer = undefined;
        lastAt = Date.now();
        const lines = table();
        const text = lines.join('\n');
        if (!link.hub.link || text === last) return;
        last = text;
        lines.forEach((line, i) => (i ? out(line) : say(line)));
      },
      Math.max(0, lastAt + TABLE_GAP_MS - Date.now()),
    );
  });
}
