import type { PortSource, PortState } from '../../port-view/source';
import type { GameServer } from '../remote-api/game-server';
import type { BridgeHub } from './bridge-hub';
import { SeenTraffic } from './seen-traffic';

/**
 * The game's ports as the Ports view shows them: the watched ports the bridge reports that hold something (and the
 * pinned ones even when empty). Without deep view only the front item is known.
 */
export class GameSource implements PortSource {
  readonly id = 'game';
  readonly label = 'Game';

  private readonly traffic = new SeenTraffic();

  constructor(
    private readonly server: GameServer,
    private readonly hub: BridgeHub,
    private readonly options: { capacity: () => number; pinned: () => ReadonlySet<number> },
  ) {
    hub.onLink.on(() => this.traffic.reset());
    hub.onChange.on(() => this.traffic.update(hub.reports()));
  }

  status(): string {
    const link = this.server.status;
    if (link.state !== 'connected') return link.state === 'error' ? 'server stopped: see the status bar' : link.state === 'stopped' ? 'server stopped' : 'waiting for the game';
    if (!this.hub.link) return 'game connected · bridge not running';
    const { watch, deep } = this.hub.watched();
    return `bridge pid ${this.hub.link.pid} · ${watch.length} watched${deep.length ? ` · deep view on ${deep.length} (wakes nextWrite waiters)` : ''}`;
  }

  ports(): PortState[] {
    const capacity = this.options.capacity();
    const pinned = this.options.pinned();
    const deep = new Set(this.hub.watched().deep);
    return this.hub
      .reports()
      .filter((r) => !r.empty || pinned.has(r.port))
      .map((r) => ({
        port: r.port,
        capacity,
        items: r.items ?? (r.empty ? [] : [r.front]),
        complete: r.items !== undefined || r.empty,
        full: r.full,
        evicted: [],
        seen: this.traffic.of(r.port),
        watch: { pinned: pinned.has(r.port), deep: deep.has(r.port) },
      }));
  }

  watch(onChange: () => void): () => void {
    const a = this.hub.onChange.on(onChange);
    const b = this.server.onStatus.on(onChange);
    return () => (a(), b());
  }

  write(port: number, value: unknown): Promise<unknown> {
    return this.hub.command('write', port, value);
  }
  async tryWrite(port: number, value: unknown): Promise<boolean> {
    return (await this.hub.command('tryWrite', port, value)) === true;
  }
  read(port: number): Promise<unknown> {
    return this.hub.command('read', port);
  }
  peek(port: number): Promise<unknown> {
    return this.hub.command('peek', port);
  }
  async clear(port: number): Promise<void> {
    await this.hub.command('clear', port);
  }
}
