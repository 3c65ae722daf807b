import { MAX_PORT_NUMBER } from './constants';
import { PortError } from './errors';
import { DEFAULT_GAME_VERSION, type GameVersion } from './game-version';
import { portFaultText, type PortFault } from './texts';

/** Read once: every port operation checks against it, and a module binding can cost a getter call per read. */
const LIMIT = MAX_PORT_NUMBER;

/** The fast path every port call takes: a number that needs no parsing and is in range. */
export function isPortNumber(value: unknown): value is number {
  return typeof value === 'number' && value >= 1 && value <= LIMIT && Number.isInteger(value);
}

/**
 * The game's NS-layer check of a port number (helpers.portNumber): strings go through parseFloat, then NaN, then
 * positive integer, then the maximum. Returns the port, or what is wrong with the value.
 */
export function checkPortNumber(value: unknown): number | PortFault {
  let n = value;
  if (typeof value === 'string') {
    n = parseFloat(value);
    // The game passes a string parseFloat cannot read on to its "must be a number" text, with the string itself.
    if (Number.isNaN(n)) return { kind: 'not-a-number', value };
  }
  if (typeof n !== 'number') return { kind: 'not-a-number', value };
  if (Number.isNaN(n)) return { kind: 'nan' };
  if (!Number.isInteger(n) || n < 1) return { kind: 'not-positive-integer', n };
  if (n > LIMIT) return { kind: 'above-max', n };
  return n;
}

/** The check for tools: the port, or a PortError with the game's text for that version (default: current 3.x). */
export function toPortNumber(fn: string, value: unknown, version: GameVersion = DEFAULT_GAME_VERSION): number {
  if (isPortNumber(value)) return value;
  const checked = checkPortNumber(value);
  if (typeof checked === 'number') return checked;
  throw new PortError(fn, portFaultText(checked, version).text);
}

/** The same check without throwing: the message to show a user, or undefined when the value is a valid port. */
export function portNumberProblem(value: unknown, version: GameVersion = DEFAULT_GAME_VERSION): string | undefined {
  const checked = checkPortNumber(value);
  return typeof checked === 'number' ? undefined : portFaultText(checked, version).text;
}
