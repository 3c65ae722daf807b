// `bbports serve` as a real child process of the built CLI, for the real-game suite.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { launchGame, type Game } from './driver';

const CLI = resolve(__dirname, '../../dist/cli.js');

let config: string | undefined;
/**
 * Where serve keeps its bridge token and registry: BBPORTS_CONFIG_DIR, else one temp folder per test process, so
 * serves started by one test file share a token (as a player's do) and no test touches the user's own config.
 */
function configDir(): string {
  config ??= process.env.BBPORTS_CONFIG_DIR ?? mkdtempSync(join(tmpdir(), 'bbports-config-'));
  return config;
}

export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

export interface Serve {
  child: ChildProcessWithoutNullStreams;
  port: number;
  /** Everything serve printed so far (stdout and stderr, in order). */
  output(): string;
  /** Resolves with the output once it matches; rejects if serve exits first. */
  waitFor(pattern: RegExp, timeoutMs?: number): Promise<string>;
  stop(): Promise<void>;
}

export async function startServe(args: string[], port?: number): Promise<Serve> {
  const p = port ?? (await freePort());
  const child = spawn(process.execPath, [CLI, 'serve', '--port', String(p), ...args], { stdio: 'pipe', env: { ...process.env, BBPORTS_CONFIG_DIR: configDir() } });
  let text = '';
  const waiters = new Set<() => void>();
  const take = (d: Buffer) => {
    text += d.toString();
    for (const w of waiters) w();
  };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  child.on('exit', () => {
    for (const w of waiters) w();
  });
  const serve: Serve = {
    child,
    port: p,
    output: () => text,
    waitFor(pattern, timeoutMs = 30_000) {
      return new Promise((done, fail) => {
        const timer = setTimeout(() => finish(new Error(`serve did not print ${pattern} within ${timeoutMs} ms; it printed:\n${text}`)), timeoutMs);
        const check = () => {
          if (pattern.test(text)) finish();
          else if (child.exitCode !== null || child.signalCode !== null) finish(new Error(`serve exited (${child.exitCode ?? child.signalCode}) before printing ${pattern}:\n${text}`));
        };
        const finish = (error?: Error) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) fail(error);
          else done(text);
        };
        waiters.add(check);
        check();
      });
    },
    async stop() {
      if (child.exitCode !== null || child.signalCode !== null) return;
      child.kill('SIGINT');
      await once(child, 'exit');
    },
  };
  return serve;
}

/** A folder of game files served by `bbports serve` to a real game that has connected and received them. */
export async function servedGame(files: Record<string, string>, launch: { profileDir?: string } = {}): Promise<{ game: Game; serve: Serve; root: string; close(): Promise<void> }> {
  const root = mkdtempSync(join(tmpdir(), 'bbports-sync-'));
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), text);
  }
  const serve = await startServe(['--root', root]);
  const game = await launchGame(launch);
  await game.connect(serve.port);
  await serve.waitFor(/pushed \d+ file\(s\) to home/);
  return {
    game,
    serve,
    root,
    async close() {
      await game.close();
      await serve.stop();
    },
  };
}
