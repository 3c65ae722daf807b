import { portNumberProblem } from '../engine/port-number';
import { DEFAULT_READ_BUFFER_SIZE, type Framing } from './framing';
import { DEFAULT_MAX_LINE_LENGTH } from './lines';

export type ProcessMode = 'lines' | 'json-lines' | 'binary';
export type RestartStrategy = 'never' | 'on-failure' | 'always';
/** Where the ports live: the embedded engine, or the game through the game link. */
export type ProcessTarget = 'engine' | 'game';

export interface RestartPolicy {
  strategy: RestartStrategy;
  /** At most this many restarts within `periodSeconds`; one more and supervision gives up. */
  intensity: number;
  periodSeconds: number;
}

/** A checked definition, every default filled in. */
export interface ProcessSpec {
  name: string;
  tag: string;
  command: string;
  args: string[];
  cwd: string | undefined;
  env: Record<string, string>;
  inheritEnv: boolean;
  mode: ProcessMode;
  /** Binary mode only. */
  framing: Framing | undefined;
  keepAlive: { bytes: Uint8Array; periodMs: number } | undefined;
  inputPort: number | undefined;
  outputPort: number | undefined;
  eventsPort: number | undefined;
  target: ProcessTarget;
  restart: RestartPolicy;
  maxLineLength: number;
  stopGraceMs: number;
  /**
   * With both ports: take nothing from inputPort while outputPort is full or `writeAhead` messages wait for their
   * answers. Off for programs whose output is not one message per input.
   */
  intakeFollowsOutput: boolean;
  /**
   * Where intake follows output: at most this many messages taken and not yet answered while the program's pace is
   * unknown or slow. A program that keeps up may hold what it answers in 10 ms, up to `writeAheadLimit`.
   */
  writeAhead: number;
  /** At least writeAhead; equal to it (the default when writeAhead is given) for a window that never opens. */
  writeAheadLimit: number;
}

/** Small, so a stop strands few messages of a slow program. */
export const DEFAULT_WRITE_AHEAD = 64;
/** About 100 KB of small JSON jobs: a fast program's batches are then large enough to amortise its wake-ups. */
export const DEFAULT_WRITE_AHEAD_LIMIT = 4096;

export const MODES: readonly ProcessMode[] = ['lines', 'json-lines', 'binary'];
export const STRATEGIES: readonly RestartStrategy[] = ['never', 'on-failure', 'always'];
export const TARGETS: readonly ProcessTarget[] = ['engine', 'game'];
const FIELDS = ['name', 'tag', 'command', 'args', 'cwd', 'env', 'inheritEnv', 'mode', 'framing', 'keepAlive', 'inputPort', 'outputPort', 'eventsPort', 'target', 'restart', 'maxLineLength', 'stopGraceSeconds', 'intakeFollowsOutput', 'writeAhead', 'writeAheadLimit'];
const FRAMING_FIELDS = ['readBufferSize', 'fixedLength', 'headerSize', 'lengthOffset', 'lengthSize', 'lengthIncludesHeader', 'maxLength'];
const HEADER_FIELDS = ['headerSize', 'lengthOffset', 'lengthSize', 'lengthIncludesHeader', 'maxLength'];

export class DefinitionError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DefinitionError';
  }
}

type Raw = Record<string, unknown>;

/**
 * Checks a definition (from settings, bbports.json or a command) and fills in defaults. The checks the original made
 * come in its order (command, keepalive period, header size, length field position, length size), then the ones it
 * missed. The first problem is thrown, naming the definition, the field, and what to write instead.
 */
export function parseDefinition(value: unknown, where = 'process'): ProcessSpec {
  const fail = (problem: string): never => {
    throw new DefinitionError(`${where}: ${problem}`);
  };
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('a process definition must be an object like {"command": "python3", "args": ["planner.py"], "outputPort": 10}');
  const raw = value as Raw;
  unknownFields(raw, FIELDS, '', fail);

  if (typeof raw.command !== 'string' || raw.command.trim() === '') fail('command is empty: name the program to run, e.g. "python3" or "./planner"');
  const command = (raw.command as string).trim();
  const keepAlive = parseKeepAlive(raw.keepAlive, raw.mode === 'binary', fail);
  const mode = oneOf(raw.mode, 'mode', MODES, 'lines', fail);
  if (raw.framing !== undefined && mode !== 'binary') fail(`framing applies only to mode "binary", and mode is "${mode}"; remove framing or set "mode": "binary"`);
  const framing = mode === 'binary' ? parseFraming(raw.framing ?? {}, fail) : undefined;

  if (raw.args !== undefined && !(Array.isArray(raw.args) && raw.args.every((a) => typeof a === 'string'))) fail('args must be a list of strings, e.g. ["planner.py", "--verbose"]');
  const name = optionalString(raw.name, 'name', fail) ?? optionalString(raw.tag, 'tag', fail) ?? programName(command, (raw.args as string[] | undefined) ?? []);
  const tag = optionalString(raw.tag, 'tag', fail) ?? name;
  const env = raw.env ?? {};
  if (typeof env !== 'object' || env === null || Array.isArray(env) || !Object.values(env).every((v) => typeof v === 'string')) fail('env must map names to string values, e.g. {"LOG_LEVEL": "debug"}');
  if (raw.inheritEnv !== undefined && typeof raw.inheritEnv !== 'boolean') fail('inheritEnv must be true or false');
  const inputPort = port(raw.inputPort, 'inputPort', fail);
  const outputPort = port(raw.outputPort, 'outputPort', fail);
  const eventsPort = port(raw.eventsPort, 'eventsPort', fail);
  if (inputPort !== undefined && inputPort === outputPort) fail(`inputPort and outputPort are both ${inputPort}: the program would read its own output; use two ports`);
  if (raw.intakeFollowsOutput !== undefined && typeof raw.intakeFollowsOutput !== 'boolean') fail('intakeFollowsOutput must be true or false (false for programs whose output is not one message per input)');
  return {
    name,
    tag,
    command,
    args: (raw.args as string[] | undefined) ?? [],
    cwd: optionalString(raw.cwd, 'cwd', fail),
    env: { ...(env as Record<string, string>) },
    inheritEnv: (raw.inheritEnv as boolean | undefined) ?? true,
    mode,
    framing,
    keepAlive,
    inputPort,
    outputPort,
    eventsPort,
    target: oneOf(raw.target, 'target', TARGETS, 'engine', fail),
    restart: parseRestart(raw.restart, fail),
    maxLineLength: positiveInteger(raw.maxLineLength, 'maxLineLength', DEFAULT_MAX_LINE_LENGTH, fail),
    stopGraceMs: positiveNumber(raw.stopGraceSeconds, 'stopGraceSeconds', 5, fail) * 1000,
    intakeFollowsOutput: (raw.intakeFollowsOutput as boolean | undefined) ?? true,
    ...writeAheadBounds(raw, fail),
  };
}

function writeAheadBounds(raw: Raw, fail: (message: string) => never): { writeAhead: number; writeAheadLimit: number } {
  const writeAhead = positiveInteger(raw.writeAhead, 'writeAhead', DEFAULT_WRITE_AHEAD, fail);
  // A writeAhead given alone is a fixed window, as a player who sets it means; the default window opens.
  const writeAheadLimit = positiveInteger(raw.writeAheadLimit, 'writeAheadLimit', raw.writeAhead === undefined ? DEFAULT_WRITE_AHEAD_LIMIT : writeAhead, fail);
  if (writeAheadLimit < writeAhead) fail(`writeAheadLimit (${writeAheadLimit}) is less than writeAhead (${writeAhead}); give a limit of at least ${writeAhead}, or the same number for a fixed window`);
  return { writeAhead, writeAheadLimit };
}

/** Interpreters whose first argument is the program itself: a process is named after that script. */
const INTERPRETERS = /^(python\d*(\.\d+)?|pypy\d*|node|nodejs|deno|bun|ruby|perl|php|lua|luajit|sh|bash|zsh|dash|pwsh|powershell|Rscript|julia|java)(\.exe)?$/i;

/**
 * The name a player knows a program by: the script an interpreter runs (`python3 -u planner.py` is "planner.py";
 * `deno run x.ts` is "x.ts"), else the program's own file name. Backslash paths count too (Windows).
 */
export function programName(command: string, args: readonly string[]): string {
  const base = (path: string) => path.split(/[\\/]/).pop() || path;
  const program = base(command);
  if (!INTERPRETERS.test(program)) return program;
  const script = args.find((a) => !a.startsWith('-') && /[\\/.]/.test(a));
  return script ? base(script) : program;
}

function parseKeepAlive(value: unknown, binary: boolean, fail: (p: string) => never): ProcessSpec['keepAlive'] {
  if (value === undefined) return undefined;
  if (typeof value !== 'object' || value === null) fail('keepAlive must be an object like {"bytes": [0], "periodSeconds": 5} or {"text": "ping", "periodSeconds": 5}');
  const k = value as Raw;
  unknownFields(k, ['bytes', 'text', 'periodSeconds'], 'keepAlive.', fail);
  if (k.bytes !== undefined && k.text !== undefined) fail('keepAlive has both bytes and text; give one');
  let bytes: Uint8Array;
  if (k.text !== undefined) {
    if (typeof k.text !== 'string' || k.text === '') fail('keepAlive.text must be a non-empty string');
    // In a line mode the keepalive is a line of its own.
    bytes = Buffer.from(binary ? (k.text as string) : `${k.text as string}\n`);
  } else {
    if (!Array.isArray(k.bytes) || k.bytes.length === 0 || !k.bytes.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) {
      fail('keepAlive.bytes must be a non-empty list of byte values 0..255, e.g. [0]');
    }
    bytes = Uint8Array.from(k.bytes as number[]);
  }
  if (typeof k.periodSeconds !== 'number' || !(k.periodSeconds > 0)) fail(`keepAlive has no period: set keepAlive.periodSeconds to the idle time in seconds after which it is written (above 0), was ${JSON.stringify(k.periodSeconds)}`);
  return { bytes, periodMs: (k.periodSeconds as number) * 1000 };
}

function parseFraming(value: unknown, fail: (p: string) => never): Framing {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) fail('framing must be an object, e.g. {"headerSize": 4, "lengthSize": 4} or {"fixedLength": 256}');
  const f = value as Raw;
  unknownFields(f, FRAMING_FIELDS, 'framing.', fail);
  const header = HEADER_FIELDS.filter((k) => f[k] !== undefined);
  if (f.fixedLength !== undefined) {
    // The original let fixedLength silently win over header fields; a mix is a mistake worth naming.
    if (header.length) fail(`framing sets fixedLength and ${header.join(', ')}; choose fixed-length frames or a length header`);
    return { kind: 'fixed', length: positiveInteger(f.fixedLength, 'framing.fixedLength', 0, fail) };
  }
  if (!header.length) return { kind: 'raw', readBufferSize: positiveInteger(f.readBufferSize, 'framing.readBufferSize', DEFAULT_READ_BUFFER_SIZE, fail) };
  if (f.readBufferSize !== undefined) fail('framing.readBufferSize applies to raw reads only; with a length header every frame arrives whole');
  const headerSize = wholeNumber(f.headerSize, 'framing.headerSize', 0, fail);
  if (headerSize === 0) fail('framing.headerSize is 0: a length header needs a size in bytes that holds the length field, e.g. 4');
  const lengthOffset = wholeNumber(f.lengthOffset, 'framing.lengthOffset', 0, fail);
  const lengthSize = wholeNumber(f.lengthSize, 'framing.lengthSize', 4, fail);
  if (lengthOffset + lengthSize > headerSize) fail(`framing.lengthOffset ${lengthOffset} + lengthSize ${lengthSize} reaches past the ${headerSize}-byte header; the length field must lie inside the header`);
  if (lengthSize !== 1 && lengthSize !== 2 && lengthSize !== 4) fail(`framing.lengthSize must be 1, 2 or 4 (bytes, big-endian), was ${lengthSize}`);
  if (f.lengthIncludesHeader !== undefined && typeof f.lengthIncludesHeader !== 'boolean') fail('framing.lengthIncludesHeader must be true or false');
  const maxLength = wholeNumber(f.maxLength, 'framing.maxLength', 0, fail);
  if (maxLength > 0 && maxLength <= headerSize) fail(`framing.maxLength ${maxLength} leaves no room for a payload after the ${headerSize}-byte header; raise it, or use 0 for no limit`);
  return { kind: 'header', headerSize, lengthOffset, lengthSize: lengthSize as 1 | 2 | 4, lengthIncludesHeader: (f.lengthIncludesHeader as boolean | undefined) ?? false, maxLength };
}

function parseRestart(value: unknown, fail: (p: string) => never): RestartPolicy {
  if (value === undefined) return { strategy: 'never', intensity: 5, periodSeconds: 10 };
  if (typeof value === 'string') value = { strategy: value };
  if (typeof value !== 'object' || value === null) fail('restart must be an object like {"strategy": "on-failure", "intensity": 5, "periodSeconds": 10}');
  const r = value as Raw;
  unknownFields(r, ['strategy', 'intensity', 'periodSeconds'], 'restart.', fail);
  return {
    strategy: oneOf(r.strategy, 'restart.strategy', STRATEGIES, 'on-failure', fail),
    intensity: wholeNumber(r.intensity, 'restart.intensity', 5, fail),
    periodSeconds: positiveNumber(r.periodSeconds, 'restart.periodSeconds', 10, fail),
  };
}

function unknownFields(raw: Raw, known: string[], prefix: string, fail: (p: string) => never): void {
  const unknown = Object.keys(raw).filter((k) => !known.includes(k));
  if (unknown.length) fail(`unknown field ${unknown.map((k) => `"${prefix}${k}"`).join(', ')}; the fields are ${known.join(', ')}`);
}

function oneOf<T extends string>(value: unknown, field: string, allowed: readonly T[], fallback: T, fail: (p: string) => never): T {
  if (value === undefined) return fallback;
  if (!allowed.includes(value as T)) fail(`${field} must be ${allowed.map((a) => `"${a}"`).join(', ')}, was ${JSON.stringify(value)}`);
  return value as T;
}

function optionalString(value: unknown, field: string, fail: (p: string) => never): string | undefined {
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value.trim() === '') fail(`${field} must be a non-empty string`);
  return (value as string).trim();
}

function port(value: unknown, field: string, fail: (p: string) => never): number | undefined {
  if (value === undefined || value === null) return undefined;
  const problem = typeof value === 'number' ? portNumberProblem(value) : `'portNumber' must be a number.`;
  if (problem) fail(`${field}: ${problem}`);
  return value as number;
}

function wholeNumber(value: unknown, field: string, fallback: number, fail: (p: string) => never): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || (value as number) < 0) fail(`${field} must be a whole number of 0 or more, was ${JSON.stringify(value)}`);
  return value as number;
}

function positiveInteger(value: unknown, field: string, fallback: number, fail: (p: string) => never): number {
  const n = wholeNumber(value, field, fallback, fail);
  if (n === 0) fail(`${field} must be above 0${value === undefined ? ' (it is required here)' : ', was 0'}`);
  return n;
}

function positiveNumber(value: unknown, field: string, fallback: number, fail: (p: string) => never): number {
  if (value === undefined) return fallback;
  if (typeof value !== 'number' || !(value > 0) || !Number.isFinite(value)) fail(`${field} must be a number above 0, was ${JSON.stringify(value)}`);
  return value as number;
}
