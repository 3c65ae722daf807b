import type { PortEngine } from '../engine/engine';
import { PortHistory } from '../engine/history';
import { TotalsRates } from './rates';
import type { PortSource, PortState } from './source';

/**
 * The embedded engine as a port source. Its history exists only while someone watches; its rates are measured always
 * (TotalsRates), so a view opened after the traffic shows them at once.
 */
export class EngineSource implements PortSource {
  readonly id: string = 'engine';
  readonly label: string = 'Embedded engine';
  readonly rates: TotalsRates;
  private history: PortHistory | undefined;
  private watchers = 0;

  constructor(
    readonly engine: PortEngine,
    private readonly actor = 'vscode',
    options: { sampleEveryMs?: number } = {},
  ) {
    this.rates = new TotalsRates(engine, options);
  }

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
      rates: this.rates.of(s.port),
    }));
  }

  watch(onChange: () => void): () => void {
    if (this.watchers++ === 0) this.history = new PortHistory(this.engine);
    const stop = this.engine.subscribe(onChange);
    // Rates also fall when nothing happens, which sends no event.
    const stopRates = this.rates.onChange(onChange);
    return () => {
      stop();
      stopRates();
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
