import type { PortEngine } from './engine';
import { toPortNumber } from './port-number';

/** The game's NetscriptPort handle. */
export interface NetscriptPort {
  write(value: unknown): unknown;
  tryWrite(value: unknown): boolean;
  read(): unknown;
  peek(): unknown;
  clear(): void;
  empty(): boolean;
  full(): boolean;
  nextWrite(): Promise<void>;
}

/** The port functions of the game's `ns` object, with the game's names. */
export interface NsPorts {
  writePort(portNumber: unknown, data: unknown): unknown;
  tryWritePort(portNumber: unknown, data: unknown): boolean;
  readPort(portNumber: unknown): unknown;
  peek(portNumber: unknown): unknown;
  clearPort(portNumber: unknown): void;
  nextPortWrite(portNumber: unknown): Promise<void>;
  getPortHandle(portNumber: unknown): NetscriptPort;
}

class PortHandle implements NetscriptPort {
  constructor(
    private readonly engine: PortEngine,
    readonly n: number,
    private readonly actor: string | undefined,
  ) {}
  write(value: unknown): unknown {
    return this.engine.writeAt(this.n, value, this.actor);
  }
  tryWrite(value: unknown): boolean {
    return this.engine.tryWriteAt(this.n, value, this.actor);
  }
  read(): unknown {
    return this.engine.readAt(this.n, this.actor);
  }
  peek(): unknown {
    return this.engine.peekAt(this.n);
  }
  clear(): void {
    this.engine.clearAt(this.n, this.actor);
  }
  empty(): boolean {
    return this.engine.empty(this.n);
  }
  full(): boolean {
    return this.engine.full(this.n);
  }
  nextWrite(): Promise<void> {
    return this.engine.portFor(this.n).nextWrite();
  }
}

export function createNsPorts(engine: PortEngine, actor?: string): NsPorts {
  return {
    writePort: (n, data) => engine.write(n, data, actor),
    tryWritePort: (n, data) => engine.tryWrite(n, data, actor),
    readPort: (n) => engine.read(n, actor),
    peek: (n) => engine.peek(n),
    clearPort: (n) => engine.clear(n, actor),
    nextPortWrite: (n) => engine.nextWrite(n),
    getPortHandle: (n) => new PortHandle(engine, toPortNumber('getPortHandle', n), actor),
  };
}
