import { WebSocket } from 'ws';
import { calculateRam } from '../../core/ram';

/** The texts each game version answers with (game.md §3). v2.7.1's are verbatim from the running game. */
export const GAME_TEXTS = {
  '2.7': {
    missing: 'Message misses parameters',
    badPath: (f: string) => `Invalid filename: ${f}`,
    badHost: (_h: string) => 'Server hostname invalid',
    noFile: (_f: string) => "File doesn't exist",
    notScript: (f: string) => `Text file ${f} not found.`,
    unknown: 'Unknown message received',
  },
  '3': {
    missing: 'Missing params',
    badPath: (f: string) => `Invalid file path: ${f}`,
    badHost: (h: string) => `Invalid hostname: ${h}`,
    noFile: (f: string) => `File does not exist. Filename: ${f}`,
    notScript: (f: string) => `File is not a script. Filename: ${f}`,
    unknown: 'Unknown message received',
  },
};
export type GameVersion = keyof typeof GAME_TEXTS;

const SCRIPT = /\.(js|jsx|ts|tsx|script)$/;
const TEXT = /\.(txt|json)$/;
const FORBIDDEN = /[\s*?[\]!\\~|#"']/;

/** The game's file-name rules: a leading / stripped, no . or .. segments, no odd characters, a known extension. */
function gamePath(name: unknown): string | undefined {
  if (typeof name !== 'string') return undefined;
  const path = name.replace(/^\//, '');
  if (!path || FORBIDDEN.test(path) || path.split('/').some((s) => s === '' || s === '.' || s === '..')) return undefined;
  return SCRIPT.test(path) || TEXT.test(path) ? path : undefined;
}

export interface GameClientOptions {
  url: string;
  version?: GameVersion;
  origin?: string;
  /** false: the game stops answering pings (a sleeping laptop). */
  answerPings?: boolean;
}

/**
 * The game's side of the Remote API for tests: it connects to the tool's server, answers every method from in-memory
 * servers the way the game does, and never sends anything of its own. `requests` records what it was asked.
 */
export class TestGame {
  readonly servers = new Map<string, Map<string, string>>([['home', new Map()], ['n00dles', new Map()]]);
  readonly requests: { method: string; params: Record<string, unknown> | undefined }[] = [];
  readonly running = new Set<string>();
  /** When each file last changed (`server:path` → Date.now()), for v3's metadata methods. */
  readonly mtimes = new Map<string, number>();
  definitions = 'interface NS { /** RAM cost: 0 GB */ writePort(port: number, data: any): any; }';
  socket!: WebSocket;
  private readonly texts: (typeof GAME_TEXTS)[GameVersion];
  private waiters: { test: () => boolean; done: () => void }[] = [];

  constructor(private readonly o: GameClientOptions) {
    this.texts = GAME_TEXTS[o.version ?? '3'];
  }

  /** Connects; resolves when open, rejects with the server's refusal (a 403 for a foreign Origin). */
  connect(): Promise<this> {
    this.socket = new WebSocket(this.o.url, { origin: this.o.origin ?? 'https://bitburner-official.github.io', autoPong: this.o.answerPings ?? true });
    this.socket.on('message', (data) => this.answer(data.toString()));
    return new Promise((resolve, reject) => {
      this.socket.once('open', () => resolve(this));
      this.socket.once('unexpected-response', (_req, res) => reject(new Error(`refused with HTTP ${res.statusCode}`)));
      this.socket.once('error', reject);
    });
  }

  /** Resolves once the server's next ping has come (and been answered, unless answerPings is false). */
  pinged(): Promise<void> {
    return new Promise((resolve) => this.socket.once('ping', () => setImmediate(resolve)));
  }

  /** Resolves when the server closes this connection. */
  closed(): Promise<{ code: number; reason: string }> {
    if (this.socket.readyState === WebSocket.CLOSED) return Promise.resolve({ code: 1006, reason: '' });
    return new Promise((resolve) => this.socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
  }

  /** Sends a raw frame, as a game with a bug or a stranger might. */
  sendRaw(text: string): void {
    this.socket.send(text);
  }

  /** The game closing on purpose (3000, v2.8+), or going away (1001: a page unload, a Connect press in 2.6). */
  leave(code = 3000): Promise<{ code: number; reason: string }> {
    const closed = this.closed();
    this.socket.close(code);
    return closed;
  }

  file(name: string, server = 'home'): string | undefined {
    return this.servers.get(server)?.get(name);
  }

  /** The player editing (or creating) a file in the game's own editor. */
  edit(name: string, content: string, server = 'home'): void {
    this.servers.get(server)!.set(name, content);
    this.mtimes.set(`${server}:${name}`, Date.now());
  }

  /** Resolves once `test` holds after some request was answered. */
  until(test: () => boolean): Promise<void> {
    if (test()) return Promise.resolve();
    return new Promise((done) => this.waiters.push({ test, done }));
  }

  private answer(text: string): void {
    let message: { id?: unknown; method?: unknown; params?: Record<string, unknown> };
    try {
      message = JSON.parse(text);
    } catch {
      return; // the game sends nothing back for invalid JSON
    }
    const reply = (body: { result: unknown } | { error: string }) => this.socket.send(JSON.stringify({ jsonrpc: '2.0', id: message.id, ...body }));
    this.requests.push({ method: String(message.method), params: message.params });
    try {
      reply({ result: this.run(String(message.method), message.params) });
    } catch (error) {
      reply({ error: (error as Error).message });
    }
    const ready = this.waiters.filter((w) => w.test());
    this.waiters = this.waiters.filter((w) => !ready.includes(w));
    for (const w of ready) w.done();
  }

  private run(method: string, params: Record<string, unknown> | undefined): unknown {
    const t = this.texts;
    const needs = (...keys: string[]) => {
      if (!params || keys.some((k) => params[k] === undefined)) throw new Error(t.missing);
    };
    const host = () => {
      const files = this.servers.get(String(params?.server));
      if (!files) throw new Error(t.badHost(String(params?.server)));
      return files;
    };
    const path = () => {
      const p = gamePath(params?.filename);
      if (!p) throw new Error(t.badPath(String(params?.filename)));
      return p;
    };
    switch (method) {
      case 'pushFile': {
        needs('filename', 'content', 'server');
        const p = path();
        host().set(p, String(params!.content));
        this.mtimes.set(`${params!.server}:${p}`, Date.now());
        return 'OK';
      }
      case 'getFile': {
        needs('filename', 'server');
        const p = path();
        const content = host().get(p);
        if (content === undefined) throw new Error(t.noFile(p));
        return content;
      }
      case 'deleteFile': {
        needs('filename', 'server');
        const p = path();
        const files = host();
        if (!files.has(p)) throw new Error(t.noFile(p));
        if (this.running.has(p)) throw new Error('Cannot delete a script that is currently running!');
        files.delete(p);
        return 'OK';
      }
      case 'getFileNames':
        needs('server');
        return [...host().keys()];
      case 'getAllFiles':
        needs('server');
        return [...host()].map(([filename, content]) => ({ filename, content }));
      case 'calculateRam': {
        needs('filename', 'server');
        const p = path();
        const files = host();
        const content = files.get(p);
        if (content === undefined) throw new Error(t.noFile(p));
        if (!SCRIPT.test(p)) throw new Error(t.notScript(p));
        const ram = calculateRam(content, { path: p, otherScripts: files });
        // game.md gives only v3's text for a script the calculator rejects (syntax error, missing import).
        if (!ram.ok) throw new Error(`Cannot calculate RAM usage of an invalid script. Filename: ${p}`);
        return ram.ram;
      }
      case 'getDefinitionFile':
        return this.definitions;
      case 'getAllServers':
        return [...this.servers.keys()].map((hostname) => ({ hostname, hasAdminRights: hostname === 'home', purchasedByPlayer: hostname === 'home' }));
      case 'getFileMetadata':
      case 'getAllFileMetadata': {
        // Only v3 has them; 2.x answers as it does for any method it does not know.
        if (this.o.version === '2.7') throw new Error(t.unknown);
        needs('server');
        const files = host();
        const meta = (filename: string) => {
          const mtime = this.mtimes.get(`${params!.server}:${filename}`) ?? 0;
          return { filename, atime: mtime, mtime, btime: mtime, size: files.get(filename)!.length };
        };
        if (method === 'getAllFileMetadata') return [...files.keys()].map(meta);
        const p = path();
        if (!files.has(p)) throw new Error(t.noFile(p));
        return meta(p);
      }
      case 'getSaveFile':
        return { identifier: 'save-1', binary: false, save: 'eyJzYXZlIjp0cnVlfQ==' };
      default:
        throw new Error(t.unknown);
    }
  }
}
