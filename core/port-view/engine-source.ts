import type { PortEngine } from '../engine/engine';
import { PortHistory } from '../engine/history';
import type { PortSource, PortState } from './source';

/** The embedded engine as a port source. Its history exists only while someone watches. */
export class EngineSource implements PortSource {
  readonly id: string = 'engine';
  readonly label: string = 'Embedded engine';
  private history: PortHistory | undefined;
  private watchers = 0;

  constructor(
    readonly engine: PortEngine,
    private readonly actor = 'vscode',
  ) {}

  status(): string {
    return `capacity ${this.engine.capacity}`;
  }

  ports(): PortState[] {
    return this.engine.snapshot().map((s) => ({
      port: s.port,
      capacity: s.capacity,
      items: s.items,
      complete: true,
      full: s.items.length >= s.capacity,
      evicted: this.history?.evictions(s.port).map((e) => e.value) ?? [],
      totals: this.engine.totals(s.port),
    }));
  }

  watch(onChange: () => void): () => void {
    if (this.watchers++ === 0) this.history = new PortHistory(this.engine);
    const stop = this.engine.subscribe(onChange);
    return () => {
      stop();
      if (--this.watchers === 0) {
        this.history?.dispose();
        this.history = undefined;
      }
    };
  }

  async write(port: number, value: unknown): Promise<unknown> {
    return this.engine.write(port, value, this.actor);
  }
  async tryWrite(port: number, value: unknown): Promise<boolean> {
    return this.engine.tryWrite(port, value, this.actor);
  }
  async read(port: number): Promise<unknown> {
    return this.engine.read(port, this.actor);
  }
  async peek(port: number): Promise<unknown> {
    return this.engine.peek(port);
  }
  async clear(port: number): Promise<void> {
    this.engine.clear(port, this.actor);
  }
}
