import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocket, WebSocketServer } from 'ws';
import { answersPing, closesWithin } from '../ping';
import { Signal } from '../signal';
import { capUntrustedBytes, guardHandshakes } from './admission';
import { connectionAllowed, DEFAULT_ALLOWED_ORIGINS, normalizeOrigin, type ConnectionOrigin } from './origin';
import { GameError, parseReply, preview, resultProblem, type ParamsOf, type RemoteApi, type RemoteMethod, type ResultOf } from './protocol';

/** How long a newcomer waits for the connected game to go before it is refused (see staysConnected). */
const REPLACE_GRACE_MS = 1_000;

export const DEFAULT_GAME_PORT = 12525;
/** The path the in-game bridge connects to; the game's Remote API uses every other path. */
export const BRIDGE_PATH = '/bridge';

/** waiting: listening, no game yet. reconnecting: the game was here and went away. */
export type LinkState = 'stopped' | 'waiting' | 'connected' | 'reconnecting' | 'error';

export interface LinkStatus {
  state: LinkState;
  /** The port listened on, once listening. */
  port?: number;
  /** What went wrong (state error), or why the game went away. */
  detail?: string;
}

export interface GameServerOptions {
  /** 0 picks a free port (tests). */
  port?: number;
  allowedOrigins?: readonly string[];
  /** How long a call waits for the game's answer. */
  callTimeoutMs?: number;
  /** Liveness: a ping this often, and the game is dead when the pong takes longer than pongTimeoutMs. */
  pingIntervalMs?: number;
  pongTimeoutMs?: number;
  /** Largest frame accepted: getAllFiles of a full home server and the 340 KB definitions need several MB. */
  maxPayload?: number;
  /** Time a connection has to finish its WebSocket handshake, and how many may be in it at once. */
  handshakeTimeoutMs?: number;
  maxHandshakes?: number;
  /** What a socket may send before it is trusted (adopted as the game, or its first bridge message judged). */
  maxUntrustedBytes?: number;
  log?: (line: string) => void;
  /** Sockets on BRIDGE_PATH go here (the in-game bridge), already past the Origin check. */
  onBridgeSocket?: (socket: WebSocket) => void;
}

export class PortInUseError extends Error {
  constructor(readonly port: number) {
    super(
      `port ${port} on 127.0.0.1 is already in use (another file-sync tool, or a second editor window?). ` +
        `Stop that program, or choose another port and set the same one in the game under Options → Remote API.`,
    );
    this.name = 'PortInUseError';
  }
}

interface Pending {
  method: RemoteMethod;
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

/**
 * The Remote API server: a WebSocket server on 127.0.0.1 that the game connects to, with every method as a typed
 * call. One game at a time: a newcomer takes over only when the current game fails a liveness ping.
 */
export class GameServer implements RemoteApi {
  readonly onStatus = new Signal<LinkStatus>();
  /** Fires each time a game connects (sync uses it to push everything). */
  readonly onGame = new Signal<void>();
  /** A connection refused for its Origin (the extension offers to allow it). */
  readonly onRefused = new Signal<ConnectionOrigin>();
  private http: Server | undefined;
  private readonly wss: WebSocketServer;
  private game: WebSocket | undefined;
  /** The newcomer being checked (pinging the current game); others wait their turn. */
  private candidate: WebSocket | undefined;
  private everConnected = false;
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private pingTimer: NodeJS.Timeout | undefined;
  private current: LinkStatus = { state: 'stopped' };
  private readonly o: Required<Omit<GameServerOptions, 'onBridgeSocket'>> & Pick<GameServerOptions, 'onBridgeSocket'>;

  constructor(options: GameServerOptions = {}) {
    this.o = {
      port: options.port ?? DEFAULT_GAME_PORT,
      allowedOrigins: options.allowedOrigins ?? DEFAULT_ALLOWED_ORIGINS,
      callTimeoutMs: options.callTimeoutMs ?? 30_000,
      pingIntervalMs: options.pingIntervalMs ?? 15_000,
      pongTimeoutMs: options.pongTimeoutMs ?? 5_000,
      maxPayload: options.maxPayload ?? 64 * 1024 * 1024,
      handshakeTimeoutMs: options.handshakeTimeoutMs ?? 5_000,
      maxHandshakes: options.maxHandshakes ?? 32,
      maxUntrustedBytes: options.maxUntrustedBytes ?? 64 * 1024,
      log: options.log ?? (() => {}),
      onBridgeSocket: options.onBridgeSocket,
    };
    this.wss = new WebSocketServer({ noServer: true, maxPayload: this.o.maxPayload });
  }

  get status(): LinkStatus {
    return this.current;
  }

  get connected(): boolean {
    return this.game?.readyState === WebSocket.OPEN;
  }

  /**
   * Listens on 127.0.0.1; resolves with the port. A port in use rejects with PortInUseError. The port and the
   * allow-list may change from one start to the next (settings changed).
   */
  async start(changes: { port?: number; allowedOrigins?: readonly string[] } = {}): Promise<number> {
    if (this.http) return this.current.port as number;
    if (changes.port !== undefined) this.o.port = changes.port;
    if (changes.allowedOrigins) this.o.allowedOrigins = changes.allowedOrigins;
    const http = createServer((_req, res) => {
      res.writeHead(426, { 'content-type': 'text/plain' });
      res.end('Bitburner Ports: connect with a WebSocket (the game\'s Options → Remote API).\n');
    });
    const handshakes = guardHandshakes(http, this.o, this.o.log);
    http.on('upgrade', (req, socket, head) => {
      handshakes.upgraded(socket);
      this.upgrade(req, socket, head);
    });
    try {
      await new Promise<void>((resolve, reject) => {
        http.once('error', reject);
        http.listen(this.o.port, '127.0.0.1', () => {
          http.off('error', reject);
          resolve();
        });
      });
    } catch (error) {
      const inUse = (error as NodeJS.ErrnoException).code === 'EADDRINUSE';
      const failure = inUse ? new PortInUseError(this.o.port) : (error as Error);
      this.setStatus({ state: 'error', port: this.o.port, detail: failure.message });
      throw failure;
    }
    http.on('error', (error) => this.o.log(`server error: ${error.message}`));
    this.http = http;
    const port = (http.address() as { port: number }).port;
    this.o.log(`listening on ws://127.0.0.1:${port}`);
    this.setStatus({ state: 'waiting', port });
    return port;
  }

  async stop(): Promise<void> {
    const http = this.http;
    this.http = undefined;
    this.everConnected = false;
    for (const client of this.wss.clients) client.terminate();
    this.dropGame('the server stopped');
    if (http) await new Promise<void>((resolve) => http.close(() => resolve()));
    this.setStatus({ state: 'stopped' });
  }

  call<M extends RemoteMethod>(method: M, ...args: ParamsOf<M> extends undefined ? [] : [ParamsOf<M>]): Promise<ResultOf<M>> {
    const game = this.game;
    if (!game || game.readyState !== WebSocket.OPEN) {
      return Promise.reject(new Error(`${method}: no game is connected. In the game open Options → Remote API, set port ${this.current.port ?? this.o.port} and press Connect.`));
    }
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`${method}: the game did not answer within ${Math.round(this.o.callTimeoutMs / 1000)} s. Is its tab asleep in the background? Try again.`));
      }, this.o.callTimeoutMs);
      const settle = (value: unknown) => {
        const problem = resultProblem(method, value);
        if (problem) reject(new Error(`${problem}. Is this really the game? Update it, or reconnect it.`));
        else resolve(value as ResultOf<M>);
      };
      this.pending.set(id, { method, resolve: settle, reject, timer });
      const params = args[0];
      game.send(JSON.stringify(params === undefined ? { jsonrpc: '2.0', id, method } : { jsonrpc: '2.0', id, method, params }));
    });
  }

  private upgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const from: ConnectionOrigin = { origin: req.headers.origin, userAgent: req.headers['user-agent'] };
    if (!connectionAllowed(from, this.o.allowedOrigins)) {
      const shown = from.origin === undefined ? 'no Origin (a program, not a web page)' : `Origin ${normalizeOrigin(from.origin)}`;
      this.o.log(`refused a connection with ${shown}: not the game. If it is your copy of the game, allow it (setting bitburnerPorts.gameLink.allowedOrigins, or bbports serve --allow-origin).`);
      socket.end('HTTP/1.1 403 Forbidden\r\nConnection: close\r\n\r\n');
      this.onRefused.emit(from);
      return;
    }
    const path = (req.url ?? '/').split('?')[0];
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      const trusted = capUntrustedBytes(socket, this.o.maxUntrustedBytes, () => this.o.log(`closed a connection that sent more than ${this.o.maxUntrustedBytes} bytes before it was trusted`));
      if (path === BRIDGE_PATH) {
        // The hub judges the first message (the hello with the token); after it the socket is either trusted or closed.
        ws.once('message', trusted);
        if (this.o.onBridgeSocket) this.o.onBridgeSocket(ws);
        else ws.close(1008, 'no bridge is served here');
      } else {
        void this.adopt(ws, trusted);
      }
    });
  }

  /**
   * A game knocks. It takes over only if there is no game, or the current one fails a ping; one newcomer is checked
   * at a time, so five knocking at once cause one takeover (and one full push), not five.
   */
  private async adopt(ws: WebSocket, trusted: () => void): Promise<void> {
    // Listening at once: a bad frame while we ping the current game must be logged, not thrown.
    ws.on('error', (error) => this.o.log(`game connection error: ${error.message}`));
    if (this.candidate) {
      ws.close(1013, 'another connection is being checked; try again');
      return;
    }
    this.candidate = ws;
    const stays = this.game ? await this.staysConnected(this.game) : false;
    this.candidate = undefined;
    if (stays) {
      this.o.log('a second game tried to connect while one is connected and alive; refused it');
      ws.close(1013, 'another game is connected');
      return;
    }
    if (ws.readyState !== WebSocket.OPEN) return;
    trusted();
    if (this.game) {
      this.o.log('the connected game did not answer a ping; the new connection takes over');
      this.game.terminate();
      this.dropGame('it stopped answering');
    }
    this.game = ws;
    ws.on('message', (data, isBinary) => this.receive(isBinary ? '' : data.toString()));
    ws.on('close', (code, reason) => {
      if (this.game !== ws) return;
      const why = code === 3000 ? 'the game closed the connection' : `the connection closed (${code}${reason.length ? ` ${reason.toString()}` : ''})`;
      this.dropGame(why);
    });
    this.everConnected = true;
    this.startPinging();
    this.o.log('the game connected');
    this.setStatus({ state: 'connected', port: this.current.port });
    this.onGame.emit();
  }

  /** No frame may end the server: whatever goes wrong with one is logged and the next is read. */
  private receive(text: string): void {
    try {
      this.settle(text);
    } catch (error) {
      this.o.log(`ignored a frame from the game that could not be handled (${(error as Error).message}): ${text.slice(0, 200)}`);
    }
  }

  private settle(text: string): void {
    const reply = parseReply(text);
    if (!reply) {
      this.o.log(`ignored a frame from the game that is not a reply: ${text.slice(0, 200)}`);
      return;
    }
    const pending = this.pending.get(reply.id);
    if (!pending) {
      this.o.log(`ignored a reply with an unknown id ${reply.id} (its call may have timed out)`);
      return;
    }
    this.pending.delete(reply.id);
    clearTimeout(pending.timer);
    if ('error' in reply) pending.reject(new GameError(pending.method, typeof reply.error === 'string' ? reply.error : preview(reply.error, 500)));
    else pending.resolve(reply.result);
  }

  private startPinging(): void {
    clearInterval(this.pingTimer);
    this.pingTimer = setInterval(() => {
      const game = this.game;
      if (!game) return;
      void this.alive(game).then((ok) => {
        if (ok || this.game !== game) return;
        this.o.log(`the game did not answer a ping within ${this.o.pongTimeoutMs} ms; dropping the connection`);
        game.terminate();
        this.dropGame('it stopped answering pings (the computer slept, or the tab was closed)');
      });
    }, this.o.pingIntervalMs);
    this.pingTimer.unref();
  }

  /** Pings and waits for the pong, up to pongTimeoutMs. */
  private alive(ws: WebSocket): Promise<boolean> {
    return answersPing(ws, this.o.pongTimeoutMs);
  }

  /**
   * Whether the connected game keeps its link against a newcomer: it answers a ping and does not go within
   * REPLACE_GRACE_MS. The game's Connect (2.6) closes its old socket as it opens the new one, and the old one's close
   * can arrive after its pong: that newcomer is the same game and takes over. A second tab is refused.
   */
  private async staysConnected(game: WebSocket): Promise<boolean> {
    return (await this.alive(game)) && !(await closesWithin(game, REPLACE_GRACE_MS));
  }


  private dropGame(why: string): void {
    if (!this.game) return;
    this.game = undefined;
    clearInterval(this.pingTimer);
    this.pingTimer = undefined;
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(new Error(`${p.method}: the game went away before answering (${why})`));
      this.pending.delete(id);
    }
    this.o.log(`the game disconnected: ${why}`);
    if (this.http) this.setStatus({ state: this.everConnected ? 'reconnecting' : 'waiting', port: this.current.port, detail: why });
  }

  private setStatus(status: LinkStatus): void {
    this.current = status;
    this.onStatus.emit(status);
  }
}
