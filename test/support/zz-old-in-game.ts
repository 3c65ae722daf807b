import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { WebSocket as NodeWebSocket } from 'ws';
import type { PortEngine } from '../../core/engine/engine';
import { bridgeFiles, type BridgeInstall } from '../../core/game-link/bridge/install';
import { BRIDGE_SCRIPT } from '../../core/game-link/bridge/protocol';

/** The bridge script as it is in the repository (read on first use: bundled test files live elsewhere). */
export function bridgeSource(): string {
  return readFileSync(join(__dirname, '../../core/game-link/bridge/in-game/bbports-bridge.js'), 'utf8');
}

const CONCURRENCY = 'Concurrent calls to Netscript functions are not allowed!';

/**
 * A game script's `ns` on the embedded engine, with the game's rules that matter to the bridge: ns.sleep marks the
 * script busy and any other ns call until it returns kills the script with the game's message (the concurrency trap);
 * port handles skip that check, as in the game; after kill every ns call throws.
 */
export class InGameNs {
  readonly logs: string[] = [];
  readonly violations: string[] = [];
  readonly livePids = new Set<number>();
  private busy = false;
  private killed = false;
  private readonly exitHandlers: (() => void)[] = [];
  readonly ns: Record<string, unknown>;

  constructor(
    engine: PortEngine,
    files: Record<string, string>,
    readonly pid: number,
  ) {
    const guard =
      <A extends unknown[], R>(name: string, fn: (...args: A) => R) =>
      (...args: A): R => {
        if (this.killed) throw new Error(`ScriptDeath: ${name} after the script was killed`);
        if (this.busy) {
          this.violations.push(name);
          this.kill();
          throw new Error(CONCURRENCY);
        }
        return fn(...args);
      };
    const ports = engine.nsFor(`pid ${pid}`);
    const wait = (ms: number) =>
      new Promise<true>((resolve, reject) => setTimeout(() => (this.killed ? reject(new Error('ScriptDeath')) : resolve(true)), Math.max(0, Number(ms) || 0)));
    this.ns = {
      pid,
      args: [],
      writePort: guard('writePort', ports.writePort),
      tryWritePort: guard('tryWritePort', ports.tryWritePort),
      readPort: guard('readPort', ports.readPort),
      peek: guard('peek', ports.peek),
      clearPort: guard('clearPort', ports.clearPort),
      nextPortWrite: guard('nextPortWrite', ports.nextPortWrite),
      getPortHandle: guard('getPortHandle', ports.getPortHandle),
      read: guard('read', (name: string) => files[name] ?? ''),
      print: guard('print', (...parts: unknown[]) => void this.logs.push(parts.map(String).join(' '))),
      tprint: guard('tprint', (...parts: unknown[]) => void this.logs.push(parts.map(String).join(' '))),
      disableLog: guard('disableLog', () => {}),
      atExit: guard('atExit', (fn: () => void) => void this.exitHandlers.push(fn)),
      isRunning: guard('isRunning', (pid: number) => this.livePids.has(pid)),
      asleep: guard('asleep', wait),
      sleep: guard('sleep', async (ms: number) => {
        this.busy = true;
        try {
          return await wait(ms);
        } finally {
          this.busy = false;
        }
      }),
    };
  }

  kill(): void {
    if (this.killed) return;
    this.killed = true;
    for (const handler of this.exitHandlers) handler();
  }
}

/** Loads a game script (an ES module with main(ns)) from its text, as the game does. */
export async function loadGameScript(source: string): Promise<(ns: unknown) => Promise<void>> {
  // A file rather than a data: URL keeps stack traces short; .mjs makes Node read it as the ES module it is.
  const file = join(mkdtempSync(join(tmpdir(), 'bbports-game-')), `script-${createHash('sha1').update(source).digest('hex').slice(0, 12)}.mjs`);
  writeFileSync(file, source);
  const mod = (await import(pathToFileURL(file).href)) as { main: (ns: unknown) => Promise<void> };
  rmSync(dirname(file), { recursive: true, force: true });
  return mod.main;
}

export interface RunningBridge {
  game: InGameNs;
  /** Settles when the script ends (killed, or it gave up). */
  ended: Promise<unknown>;
  script: string;
}

/** The WebSocket a script gets in the web game's page: it sends the page's Origin, as browsers do. */
class PageWebSocket extends NodeWebSocket {
  constructor(url: string, protocols?: string | string[]) {
    super(url, protocols, { origin: 'https://bitburner-official.github.io' });
  }
}

const PAGE_WEBSOCKET = Symbol.for('bbports.test.pageWebSocket');

/** Runs the real bridge script in Node on the engine, as `run bbports-bridge.js` would in the game. */
export function runBridge(engine: PortEngine, install: BridgeInstall, pid = 7): Promise<RunningBridge> {
  return runBridgeFiles(engine, Object.fromEntries(bridgeFiles(bridgeSource(), install).map((f) => [f.filename, f.content])), pid);
}

/** Runs the bridge from the files a tool pushed into a (test) game: the script and its settings file. */
export async function runBridgeFiles(engine: PortEngine, files: Record<string, string>, pid = 7): Promise<RunningBridge> {
  const script = files[BRIDGE_SCRIPT];
  if (script === undefined) throw new Error(`${BRIDGE_SCRIPT} was not pushed`);
  const game = new InGameNs(engine, files, pid);
  // The browser gives scripts the page's WebSocket, which sends the page's Origin. Node 20 has none and Node 22+ has
  // one that sends no Origin (a program's, which the tool refuses), so the script's `WebSocket` is bound to ws's,
  // with the same API and the page's Origin; appended, so the script's line numbers stay, and module-scoped, so the
  // host's own WebSocket (the VS Code extension host's, say) is left alone.
  (globalThis as Record<symbol, unknown>)[PAGE_WEBSOCKET] = PageWebSocket;
  const main = await loadGameScript(`${script}\nconst WebSocket = globalThis[Symbol.for('${PAGE_WEBSOCKET.description}')];\n`);
  const ended = main(game.ns).then(
    () => undefined,
    (e: unknown) => e,
  );
  return { game, ended, script };
}
