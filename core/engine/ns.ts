import type { Refusal } from './clone';
import type { PortEngine } from './engine';
import { gameCloneError, gamePortError, type ScriptIdentity } from './game-error';
import { DEFAULT_GAME_VERSION, type GameVersion } from './game-version';
import { checkPortNumber, isPortNumber } from './port-number';

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
  /** Since the game's 3.0 line: absent (undefined) on a facade for 2.6.1, as in that game. */
  isFullPort(portNumber: unknown): boolean;
  /** Since the game's 3.0 line: absent (undefined) on a facade for 2.6.1, as in that game. */
  isEmptyPort(portNumber: unknown): boolean;
}

export interface NsOptions {
  /** Whose texts to throw (default: the engine's version, itself 3.x unless set). */
  version?: GameVersion;
}

class PortHandle implements NetscriptPort {
  constructor(
    private readonly engine: PortEngine,
    readonly n: number,
    private readonly actor: string | undefined,
    private readonly refuse: Refusal,
  ) {}
  write(value: unknown): unknown {
    return this.engine.writeAt(this.n, value, this.actor, this.refuse);
  }
  tryWrite(value: unknown): boolean {
    return this.engine.tryWriteAt(this.n, value, this.actor, this.refuse);
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

/**
 * The `ns` port functions a script sees: the game's semantics on the engine and what the game throws, for one
 * game version. Bad port numbers throw the game's string (`TYPE ERROR\n<script>@<host> (PID - n)\n\n…`), not an
 * Error; refused values throw 3.x's Error or 2.6.1's DataCloneError. Events are tagged with `actor`.
 */
export function createNsPorts(engine: PortEngine, who: ScriptIdentity, actor: string | undefined, options: NsOptions = {}): NsPorts {
  const version = options.version ?? engine.version ?? DEFAULT_GAME_VERSION;
  const refuse: Refusal = (_fn, cause) => {
    throw gameCloneError(version, cause);
  };
  /** The slow path of every port argument: a string to parse, or the game's error. */
  const port = (fn: string, value: unknown, caller: Function): number => {
    const checked = checkPortNumber(value);
    if (typeof checked === 'number') return checked;
    throw gamePortError(who, fn, checked, version, caller);
  };
  const ns: NsPorts = {
    writePort: (n, data) => engine.writeAt(isPortNumber(n) ? n : port('writePort', n, ns.writePort), data, actor, refuse),
    tryWritePort: (n, data) => engine.tryWriteAt(isPortNumber(n) ? n : port('tryWritePort', n, ns.tryWritePort), data, actor, refuse),
    readPort: (n) => engine.readAt(isPortNumber(n) ? n : port('readPort', n, ns.readPort), actor),
    peek: (n) => engine.peekAt(isPortNumber(n) ? n : port('peek', n, ns.peek)),
    clearPort: (n) => engine.clearAt(isPortNumber(n) ? n : port('clearPort', n, ns.clearPort), actor),
    nextPortWrite: (n) => engine.portFor(isPortNumber(n) ? n : port('nextPortWrite', n, ns.nextPortWrite)).nextWrite(),
    getPortHandle: (n) => new PortHandle(engine, isPortNumber(n) ? n : port('getPortHandle', n, ns.getPortHandle), actor, refuse),
    isFullPort: (n) => engine.full(isPortNumber(n) ? n : port('isFullPort', n, ns.isFullPort)),
    isEmptyPort: (n) => engine.empty(isPortNumber(n) ? n : port('isEmptyPort', n, ns.isEmptyPort)),
  };
  if (version === '2.6.1') {
    delete (ns as Partial<NsPorts>).isFullPort;
    delete (ns as Partial<NsPorts>).isEmptyPort;
  }
  return ns;
}
