import { timingSafeEqual } from 'node:crypto';
import { WebSocket } from 'ws';
import type { PortRegistry } from '../../registry';
import { ownerKey } from '../../registry/owner';
import { portNumberProblem } from '../../engine/port-number';
import { answersPing } from '../ping';
import { unwrapScriptError } from '../remote-api/protocol';
import { Signal } from '../signal';
import { BRIDGE_PROTOCOL, CLOSE, parseFromBridge, type BridgeCommand, type BridgePortReport, type FromBridge, type PortOp, type ToBridge } from './protocol';
import { answerRegistryRequest } from './registry-service';
import { decodeValue, encodeValue } from './value-codec';

export interface BridgeHubOptions {
  token: string;
  /** The registry the bridge serves in the game; built on first need. */
  registry?: () => PortRegistry;
  /** Well-known ports: where game scripts send registry requests, and where free port numbers wait. */
  requestPort?: number;
  freePortsPort?: number;
  /** How many free numbers to keep on FreePorts; 0 (the default) keeps it full, as seed 001's service does. */
  freePortsFill?: number;
  /** How many more numbers the bridge holds to refill FreePorts at once, without a round trip to the tool. */
  freePortsSpare?: number;
  /** How often the bridge rescans watched ports for reads and clears (writes it sees at once). */
  pollMs?: number;
  commandTimeoutMs?: number;
  /** Time allowed for a new socket to say hello with the token. */
  helloTimeoutMs?: number;
  /** How long the linked bridge has to answer a ping before a newcomer may take its place. */
  pongTimeoutMs?: number;
  /** Dead-owner checks: the bridge was installed with them (ns.isRunning). Sweeps run this often. */
  sweepMs?: number;
  liveness?: boolean;
  log?: (line: string) => void;
}

export interface BridgeLink {
  pid: number;
  since: number;
  /** The running script's version (see bridgeVersion); undefined from a bridge older than versions. */
  version?: string;
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
/** The original PortRegistry's ports (seed 001): its client sends requests to port 4 and takes numbers from port 5. */
export const SEED_001_PORTS = { requestPort: 4, freePortsPort: 5 } as const;

/**
 * The tool's side of the in-game bridge: authenticates it, keeps what it reports about watched ports, sends it port
 * commands, and serves the registry to game scripts through it. One bridge at a time: while the linked one answers
 * pings, a second is told so and stops itself; one that does not answer is replaced.
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
      freePortsFill: 0,
      freePortsSpare: 50,
      pollMs: 250,
      commandTimeoutMs: 10_000,
      helloTimeoutMs: 5_000,
      pongTimeoutMs: 3_000,
      sweepMs: 1_000,
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
    const timer = setTimeout(() => ws.close(CLOSE.noHello, 'no hello'), this.o.helloTimeoutMs);
    ws.once('message', async (data) => {
      clearTimeout(timer);
      const hello = parseFromBridge(data.toString());
      if (!hello || hello.t !== 'hello' || !this.tokenMatches(hello.token)) {
        this.o.log('refused a bridge with an unknown token (one installed by another tool, or before the token was kept); it re-reads bbports-bridge.json, which is pushed again when the game connects');
        ws.close(CLOSE.badToken, 'bad token');
        return;
      }
      if (hello.protocol !== BRIDGE_PROTOCOL) {
        this.o.log(`the bridge in the game speaks protocol ${hello.protocol}, this tool ${BRIDGE_PROTOCOL}: reinstall the bridge`);
        ws.close(CLOSE.protocol, 'protocol mismatch');
        return;
      }
      if (this.socket && (await answersPing(this.socket, this.o.pongTimeoutMs))) {
        this.o.log(`a second bridge (pid ${hello.pid}) tried to link while pid ${this.current?.pid} is linked; it was told to stop`);
        ws.close(CLOSE.anotherBridge, `another bridge (pid ${this.current?.pid}) is linked`);
        return;
      }
      if (ws.readyState !== WebSocket.OPEN) return;
      this.adopt(ws, hello.pid, typeof hello.version === 'string' ? hello.version : undefined);
      if (hello.wiped) this.forgetGameReservations();
    });
    ws.on('error', (error) => this.o.log(`bridge socket error: ${error.message}`));
  }

  /** A port operation in the game. The port number is checked here with the game's own texts before anything is sent. */
  async command(op: PortOp, port: number, value?: unknown): Promise<unknown> {
    checkPort(op, port);
    return decodeValue(await this.request(op === 'write' || op === 'tryWrite' ? { op, port, value: encodeValue(value) } : { op, port }));
  }

  /** Queues values for a game port, delivered in order with tryWrite as room appears: nothing is evicted. */
  async send(port: number, values: unknown[]): Promise<unknown> {
    checkPort('send', port);
    return decodeValue(await this.request({ op: 'send', port, values: values.map(encodeValue) }));
  }

  /** Makes the bridge the port's consumer: it reads every item and forwards it (onItems). */
  async consume(port: number, on: boolean): Promise<unknown> {
    checkPort('consume', port);
    return decodeValue(await this.request({ op: 'consume', port, on }));
  }

  /** The bridge's own figures: how long its last full scan of the watched ports took in the game (ms). */
  async stats(): Promise<BridgeStats> {
    return decodeValue(await this.request({ op: 'stats' })) as BridgeStats;
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

  private adopt(ws: WebSocket, pid: number, version: string | undefined): void {
    if (this.socket) {
      this.o.log('a new bridge connected; it replaces the old one');
      this.socket.close(4000, 'replaced by a newer bridge');
      this.drop('replaced');
    }
    this.socket = ws;
    this.current = { pid, since: Date.now(), version };
    ws.on('message', (data) => {
      if (this.socket === ws) this.receive(data.toString());
    });
    ws.on('close', () => {
      if (this.socket === ws) this.drop('the bridge went away (stopped, killed, or the game reloaded)');
    });
    // FreePorts starts empty in the bridge, so numbers offered to an earlier one return to the pool.
    this.o.registry?.().withdrawOffers();
    const registry = this.o.registry !== undefined;
    this.post({ t: 'welcome', ...this.watched(), requestPort: registry ? this.o.requestPort : 0, freePortsPort: registry ? this.o.freePortsPort : 0, fill: this.o.freePortsFill, spare: registry ? this.o.freePortsSpare : 0, pollMs: this.o.pollMs });
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
        for (const report of m.ports) if (this.watch.has(report.port)) this.keepReport(report);
        this.onChange.emit();
        return;
      case 'reply': {
        const p = this.pending.get(m.id);
        if (!p) return;
        this.pending.delete(m.id);
        clearTimeout(p.timer);
        if (m.ok) p.resolve(m.result);
        else p.reject(new Error(unwrapScriptError(m.error)));
        return;
      }
      case 'items':
        for (const problem of m.problems ?? []) this.o.log(`an item taken from port ${m.port} could not travel and was dropped: ${problem}`);
        this.onItems.emit({ port: m.port, items: m.items.map(decodeValue) });
        return;
      case 'request':
        this.serveRequest(decodeValue(m.message));
        return;
      case 'need':
        if (this.o.registry) this.post({ t: 'offer', ports: this.o.registry().offer(Math.min(m.count, 100)) });
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

  /** A watched port's report with its values decoded; a port whose values could not travel says so in the log. */
  private keepReport(report: BridgePortReport): void {
    if (report.problem && report.problem !== this.states.get(report.port)?.problem) this.o.log(`port ${report.port}: ${report.problem}`);
    this.states.set(report.port, {
      ...report,
      ...(report.front !== undefined && { front: decodeValue(report.front) }),
      ...(report.items && { items: report.items.map(decodeValue) }),
    });
  }

  /** The game's ports were wiped (a reload): pids start again at 1, so every in-game script's reservation is stale. */
  private forgetGameReservations(): void {
    const registry = this.o.registry?.();
    if (!registry) return;
    const owners = new Map(registry.status().reserved.filter((r) => r.owner.kind === 'script').map((r) => [ownerKey(r.owner), r.owner]));
    const freed = [...owners.values()].flatMap((owner) => registry.releaseOwner(owner));
    if (freed.length) this.o.log(`the game's ports were emptied (a reload or reset): freed ports ${freed.join(', ')} held by in-game scripts`);
  }

  private startSweeping(): void {
    const registry = this.o.registry!();
    registry.setLiveness('script', async (owner) => {
      if (owner.kind !== 'script' || !this.current) return true;
      const [alive] = decodeValue(await this.request({ op: 'alive', pids: [owner.pid] })) as boolean[];
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

/** Checks a tool-side port number with the game's own texts, so a bad one never travels to the game. */
function checkPort(fn: string, port: unknown): void {
  const problem = portNumberProblem(port);
  if (problem) throw new Error(`${fn}: ${problem}`);
}
