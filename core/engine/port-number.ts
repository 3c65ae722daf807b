import { MAX_PORT_NUMBER } from './constants';
import { PortError } from './errors';

/** Read once: every port operation checks against it, and a module binding can cost a getter call per read. */
const LIMIT = MAX_PORT_NUMBER;

/**
 * Checks a port number the way the game's NS layer does (strings go through parseFloat) and returns it as a
 * number, or throws with the game's own text.
 */
export function toPortNumber(fn: string, value: unknown): number {
  const n = typeof value === 'string' ? parseFloat(value) : value;
  if (typeof n !== 'number') throw new PortError(fn, `'portNumber' must be a number.`);
  if (Number.isNaN(n)) throw new PortError(fn, `'portNumber' is NaN.`);
  if (!Number.isInteger(n) || n < 1) throw new PortError(fn, `portNumber must be a positive integer, was ${n}`);
  if (n > LIMIT) {
    throw new PortError(fn, `Trying to use an invalid port: ${n}. Must be less or equal to ${MAX_PORT_NUMBER}.`);
  }
  return n;
}

/** The same check without throwing: the message to show a user, or undefined when the value is a valid port. */
export function portNumberProblem(value: unknown): string | undefined {
  try {
    toPortNumber('port', value);
    return undefined;
  } catch (e) {
    return (e as PortError).detail;
  }
}
