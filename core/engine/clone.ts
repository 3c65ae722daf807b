import { PortError } from './errors';
import { UNSERIALIZABLE } from './texts';

/** What a write throws for a value structuredClone refuses: the tools' typed error, or the game's own (ns.ts). */
export type Refusal = (fn: string, cause: unknown) => never;

/** The engine's API for tools: a PortError naming the function, the clone error as cause. */
export const refuseTyped: Refusal = (fn, cause) => {
  throw new PortError(fn, UNSERIALIZABLE, { cause });
};

/**
 * What the game stores for a written value: objects and functions go through structuredClone (so functions,
 * Promises and Proxies such as `ns` are refused), primitives are stored as they are.
 */
export function cloneForPort(fn: string, value: unknown, refuse: Refusal): unknown {
  const t = typeof value;
  if ((t !== 'object' || value === null) && t !== 'function') return value;
  try {
    return structuredClone(value);
  } catch (cause) {
    return refuse(fn, cause);
  }
}

/** A copy handed out by peek, so the stored item cannot be changed through it. */
export function cloneStored(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}
