import { timingSafeEqual } from 'node:crypto';
import { WebSocket } from 'ws';
import type { PortRegistry } from '../../registry';
import { Signal } from '../signal';
import { BRIDGE_PROTOCOL, parseFromBridge, type BridgeCommand, type BridgePortReport, type FromBridge, type PortOp, type ToBridge } from './protocol';
import { answerRegistryRequest } from './registry-service';

export interface BridgeHubOptions {
  token: string;
  /** The registry the bridge serves in the game; built on first need. */
  registry?: () => PortRegistry;
  /** Well-known ports: where game scripts send registry requests, and where free port numbers wait. */
  requestPort?: number;
  freePortsPort?: number;
  /** How many free numbers to keep on FreePorts. */
  keepFree?: number;
  /** How often the bridge rescans watched ports for reads and clears (writes it sees at once). */
  pollMs?: number;
  commandTimeoutMs?: number;
  /** Time allowed for a new socket to say hello with the token. */
  helloTimeoutMs?: number;
  /** Dead-owner checks: the bridge was installed with them (ns.isRunning). Sweeps run this often. */
  sweepMs?: number;
  liveness?: boolean;
  log?: (line: string) => void;
}

export interface BridgeLink {
  pid: number;
  since: number;
}

interface Pending {
  resolve(value: unknown): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export interface BridgeStats {
  fullScanMs: number;
  scans: number;
  watched: number;
}

export const DEFAULT_REQUEST_PORT = 1000;
export const DEFAULT_FREE_PORTS_PORT = 1001;

/**
 * The tool's side of the in-game bridge: authenticates it, keeps what it reports about watched ports, sends it port
 * commands, and serves the registry to game scripts through it. One bridge at a time; a newer one replaces it.
 */
export class BridgeHub {
  readonly onChange = new Signal<void>();
  readonly onLink = new Signal<BridgeLink | undefined>();
  readonly onItems = new Signal<{ port: number; items: unknown[] }>();
  private socket: WebSocket | undefined;
  private current: BridgeLink | undefined;
  private readonly states = new Map<number, BridgePortReport>();
  private watch = new Set<number>();
  private deep = new Set<number>();
  private pending = new Map<number, Pending>();
  private nextId = 1;
  private sweepTimer: NodeJS.Timeout | undefined;
  private readonly o: Required<Omit<BridgeHubOptions, 'registry'>> & Pick<BridgeHubOptions, 'registry'>;

  constructor(options: BridgeHubOptions) {
    this.o = {
      requestPort: DEFAULT_REQUEST_PORT,
      freePortsPort: DEFAULT_FREE_PORTS_PORT,
      keepFree: 5,
      pollMs: 250,
      commandTimeoutMs: 10_000,
      helloTimeoutMs: 5_000,
      sweepMs: 5_000,
      liveness: false,
      log: () => {},
      ...options,
    };
  }

  get link(): BridgeLink | undefined {
    return this.current;
  }

  /** What the bridge last said about each watched port. */
  reports(): BridgePortReport[] {
    return [...this.states.values()].sort((a, b) => a.port - b.port);
  }

  watched(): { watch: number[]; deep: number[] } {
    return { watch: [...this.watch].sort((a, b) => a - b), deep: [...this.deep].sort((a, b) => a - b) };
  }

  /** Which ports the bridge reports on, and which of those it drains and restores to see whole. */
  setWatch(watch: Iterable<number>, deep: Iterable<number>): void {
    this.watch = new Set(watch);
    this.deep = new Set([...deep].filter((p) => this.watch.has(p)));
    for (const port of [...this.states.keys()]) if (!this.watch.has(port)) this.states.delete(port);
    this.post({ t: 'watch', ...this.watched() });
    this.onChange.emit();
  }

  /** A socket on the bridge path. It must say hello with the token first; anything else closes it. */
  accept(ws: WebSocket): void {
    const timer = setTimeout(() => ws.close(4001, 'no hello'), this.o.helloTimeoutMs);
    ws.once('message', (data) => {
      clearTimeout(timer);
      const hello = parseFromBridge(data.toString());
      if (!hello || hello.t !== 'hello' || !this.tokenMatches(hello.token)) {
        this.o.log('refused a bridge connection without the right token; reinstall the bridge if this was yours');
        ws.close(4003, 'bad token');
        return;
      }
      if (hello.protocol !== BRIDGE_PROTOCOL) {
        this.o.log(`the bridge in the game speaks protocol ${hello.protocol}, this tool ${BRIDGE_PROTOCOL}: reinstall the bridge`);
        ws.close(4002, 'protocol mismatch');
        return;
      }
      this.adopt(ws, hello.pid);
    });
    ws.on('error', (error) => this.o.log(`bridge socket error: ${error.message}`));
  }

  command(op: PortOp, port: number, value?: unknown): Promise<unknown> {
    return this.request(value === undefined ? { op, port } : { op, port, value });
  }

  /** Queues values for a game port, delivered in order with tryWrite as room appears: nothing is evicted. */
  send(port: number, values: unknown[]): Promise<unknown> {
    return this.request({ op: 'send', port, values });
  }

  /** Makes the bridge the port's consumer: it reads every item and forwards it (onItems). */
  consume(port: number, on: boolean): Promise<unknown> {
    return this.request({ op: 'consume', port, on });
  }

  /** The bridge's own figures: how long its last full scan of the watched ports took in the game (ms). */
  stats(): Promise<BridgeStats> {
    return this.request({ op: 'stats' }) as Promise<BridgeStats>;
  }

  close(): void {
    clearInterval(this.sweepTimer);
    this.socket?.close(1001, 'tool stopping');
    this.drop('the tool stopped');
  }

  private request(command: BridgeCommand): Promise<unknown> {
    const socket = this.socket;
    if (!socket || !this.current) {
      return Promise.reject(new Error('the game bridge is not running: install it, then type "run bbports-bridge.js" in the game\'s terminal'));
    }
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(new Error(`the game bridge did not answer ${command.op} within ${this.o.commandTimeoutMs / 1000} s`));
      }, this.o.commandTimeoutMs);
      this.pending.set(id, { resolve, reject, timer });
      socket.send(JSON.stringify({ t: 'cmd', id, ...command } satisfies ToBridge));
    });
  }

  private adopt(ws: WebSocket, pid: number): void {
    if (this.socket) {
      this.o.log('a new bridge connected; it replaces the old one');
      this.socket.close(4000, 'replaced by a newer bridge');
      this.drop('replaced');
    }
    this.socket = ws;
    this.current = { pid, since: Date.now() };
    ws.on('message', (data) => {
      if (this.socket === ws) this.receive(data.toString());
    });
    ws.on('close', () => {
      if (this.socket === ws) this.drop('the bridge went away (stopped, killed, or the game reloaded)');
    });
    // FreePorts starts empty in the bridge, so numbers offered to an earlier one return to the pool.
    this.o.registry?.().withdrawOffers();
    this.post({ t: 'welcome', ...this.watched(), requestPort: this.o.requestPort, freePortsPort: this.o.freePortsPort, keepFree: this.o.registry ? this.o.keepFree : 0, pollMs: this.o.pollMs });
    if (this.o.liveness && this.o.registry) this.startSweeping();
    this.o.log(`the game bridge connected (pid ${pid})`);
    this.onLink.emit(this.current);
    this.onChange.emit();
  }

  private receive(text: string): void {
    const m = parseFromBridge(text);
    if (!m) {
      this.o.log(`ignored a bridge frame that is not a bridge message: ${text.slice(0, 120)}`);
      return;
    }
    try {
      this.dispatch(m);
    } catch (error) {
      this.o.log(`ignored a bad ${m.t} message from the bridge: ${(error as Error).message}`);
    }
  }

  private dispatch(m: FromBridge): void {
    switch (m.t) {
      case 'state':
        for (const report of m.ports) if (this.watch.has(report.port)) this.states.set(report.port, report);
        this.onChange.emit();
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(m.error));
        return;
      }
      case 'items':
        this.onItems.emit({ port: m.port, items: m.items });
        return;
      case 'request':
        this.serveRequest(m.message);
        return;
      case 'need':
        if (this.o.registry) this.post({ t: 'offer', ports: this.o.registry().offer(Math.min(m.count, 50)) });
        return;
      case 'unused':
        this.o.log(`FreePorts was full; ports ${m.ports.join(', ')} stay offered until the bridge restarts`);
        return;
      default:
        this.o.log(`ignored a bridge message of kind ${JSON.stringify((m as { t: unknown }).t)}`);
    }
  }

  private serveRequest(message: unknown): void {
    if (!this.o.registry) return;
    const reply = answerRegistryRequest(this.o.registry(), message);
    if (!reply) {
      this.o.log(`ignored a message on the registry port addressed to another service: ${JSON.stringify(message).slice(0, 120)}`);
      return;
    }
    if (reply.problem) this.o.log(reply.problem);
    if (reply.responsePort !== undefined) {
      this.command('write', reply.responsePort, reply.answer).catch((error: Error) => this.o.log(`could not answer on port ${reply.responsePort}: ${error.message}`));
    }
  }

  private startSweeping(): void {
    const registry = this.o.registry!();
    registry.setLiveness('script', async (owner) => {
      if (owner.kind !== 'script' || !this.current) return true;
      const [alive] = (await this.request({ op: 'alive', pids: [owner.pid] })) as boolean[];
      return alive !== false;
    });
    clearInterval(this.sweepTimer);
    this.sweepTimer = setInterval(() => {
      registry.sweep().then(
        (freed) => freed.length && this.o.log(`freed ports ${freed.join(', ')}: their game scripts have ended`),
        (error: Error) => this.o.log(`dead-owner check failed: ${error.message}`),
      );
    }, this.o.sweepMs);
    this.sweepTimer.unref();
  }

  private drop(why: string): void {
    if (!this.current) return;
    this.socket = undefined;
    this.current = undefined;
    clearInterval(this.sweepTimer);
    this.o.registry?.().setLiveness('script', undefined);
    this.states.clear();
    for (const p of this.pending.values()) {
      clearTimeout(p.timer);
      p.reject(new Error(`the game bridge went away before answering (${why})`));
    }
    this.pending.clear();
    this.o.log(`the game bridge disconnected: ${why}`);
    this.onLink.emit(undefined);
    this.onChange.emit();
  }

  private post(message: ToBridge): void {
    if (this.socket?.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(message));
  }

  private tokenMatches(token: unknown): boolean {
    if (typeof token !== 'string') return false;
    const a = Buffer.from(token);
    const b = Buffer.from(this.o.token);
    return a.length === b.length && timingSafeEqual(a, b);
  }
}
