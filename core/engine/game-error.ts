import type { GameVersion } from './game-version';
import { dataCloneText, portFaultText, UNSERIALIZABLE, type PortFault } from './texts';

/** Who a facade stands for: the game names them in every error it throws (`<script>@<host> (PID - n)`). */
export interface ScriptIdentity {
  /** The script's file name as the game knows it, e.g. `ports.js` or `lib/queue.js`. */
  script: string;
  host: string;
  pid: number;
  /**
   * The folder (path or file URL) the script and its imports were loaded from: stack frames under it are named
   * by their path inside it, as the game names an imported script. Without it only the script's own frames count.
   */
  root?: string;
}

/** Frames the game has on the stack between the script's call and its `new Error()`, per fault (errorMessage ← … ← the ns wrapper). */
const GAME_FRAMES: Record<PortFault['kind'], number> = { 'not-a-number': 6, nan: 6, 'not-positive-integer': 5, 'above-max': 4 };
/** V8's default Error.stackTraceLimit, which the game's browser keeps. */
const STACK_LIMIT = 10;

/**
 * The string the game throws for a bad port number: `TYPE ERROR\n<script>@<host> (PID - n)\n\n<fn>: <msg>` and,
 * when script frames are on the stack, `\n\nStack:\n<file>:L<line>@<function>` per frame. `caller` is the facade
 * function the script called: frames above it are ours, not the game's, and are left out.
 */
export function gamePortError(who: ScriptIdentity, fn: string, fault: PortFault, version: GameVersion, caller: Function): string {
  const { text, kind } = portFaultText(fault, version);
  const frames = scriptFrames(who, captureStack(caller, STACK_LIMIT - GAME_FRAMES[fault.kind]));
  const stack = frames.length ? `\n\nStack:\n${frames.join('\n')}` : '';
  return `${kind} ERROR\n${who.script}@${who.host} (PID - ${who.pid})\n\n${fn}: ${text}${stack}`;
}

/** What the game throws for a value structuredClone refuses: 3.x its own Error, 2.6.1 the browser's DataCloneError. */
export function gameCloneError(version: GameVersion, cause: unknown): Error {
  if (version === '3.x') return new Error(UNSERIALIZABLE, { cause });
  const message = cause instanceof Error ? cause.message : String(cause);
  return new DOMException(dataCloneText(message), 'DataCloneError');
}

function captureStack(caller: Function, limit: number): string[] {
  const saved = Error.stackTraceLimit;
  const holder: { stack?: string } = {};
  try {
    Error.stackTraceLimit = limit;
    Error.captureStackTrace(holder, caller);
  } finally {
    Error.stackTraceLimit = saved;
  }
  return (holder.stack ?? '').split('\n').slice(1);
}

/** The game's reading of stack lines: script frames only, as `<file>:L<line>@<function>` (Chrome's format, which V8 in Node shares). */
function scriptFrames(who: ScriptIdentity, lines: string[]): string[] {
  const out: string[] = [];
  for (const line of lines) {
    const file = scriptFileOf(who, line.replace(/\\/g, '/'));
    if (file === undefined) continue;
    out.push(`${file}:L${frameOf(line)}`);
  }
  return out;
}

/** `<line>@<function>` as the game parses a frame: Chrome's form first, then Firefox's, else `-1@unknown`. */
function frameOf(line: string): string {
  const chromeLine = /.*:(\d+):\d+.*/.exec(line);
  const chromeFunc = /.*at (.+) \(.*/.exec(line);
  if (chromeLine && chromeFunc) return `${chromeLine[1]}@${chromeFunc[1]}`;
  const firefoxLine = /.*:(\d+):\d+$/.exec(line);
  const at = line.lastIndexOf('@');
  if (firefoxLine && at !== -1) return `${firefoxLine[1]}@${line.slice(0, at)}`;
  return '-1@unknown';
}

function scriptFileOf(who: ScriptIdentity, line: string): string | undefined {
  if (who.root !== undefined) {
    const root = who.root.replace(/\\/g, '/').replace(/\/?$/, '/');
    const start = line.indexOf(root);
    if (start >= 0) return /^[^:)]+/.exec(line.slice(start + root.length))?.[0];
  }
  return line.includes(`/${who.script}:`) ? who.script : undefined;
}
