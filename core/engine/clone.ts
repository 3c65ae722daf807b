import { PortError } from './errors';

const UNSERIALIZABLE = "You can't send Functions, Promises, NS, or other unserializable data through ports!";

/**
 * What the game stores for a written value: objects and functions go through structuredClone (so functions,
 * Promises and Proxies such as `ns` are refused), primitives are stored as they are. A bare Symbol cannot be
 * cloned either, so it is refused with the same text.
 */
export function cloneForPort(fn: string, value: unknown): unknown {
  const t = typeof value;
  if ((t !== 'object' || value === null) && t !== 'function' && t !== 'symbol') return value;
  try {
    return structuredClone(value);
  } catch (cause) {
    throw new PortError(fn, UNSERIALIZABLE, { cause });
  }
}

/** A copy handed out by peek, so the stored item cannot be changed through it. */
export function cloneStored(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}
