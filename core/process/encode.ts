import type { ProcessMode } from './definition';

/**
 * What goes to stdin for one message taken from inputPort: a line of text without its newline (line modes; a batch
 * joins its lines) or bytes (binary). Throws, with what to send instead, for values it cannot write.
 */
export function encodeInput(mode: ProcessMode, value: unknown): string | Uint8Array {
  if (mode === 'binary') return toBytes(value);
  if (mode === 'lines' && typeof value === 'string') return value;
  let json: string | undefined;
  try {
    json = JSON.stringify(value);
  } catch (cause) {
    throw new Error(`cannot write ${describe(value)} as JSON (${(cause as Error).message})`);
  }
  if (json === undefined) throw new Error(`cannot write ${describe(value)} as JSON; send a string, number, boolean, array or object`);
  return json;
}

function toBytes(value: unknown): Uint8Array {
  if (value instanceof Uint8Array) return value;
  if (ArrayBuffer.isView(value)) return new Uint8Array(value.buffer, value.byteOffset, value.byteLength);
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (typeof value === 'string') return Buffer.from(value);
  if (Array.isArray(value) && value.every((b) => Number.isInteger(b) && b >= 0 && b <= 255)) return Uint8Array.from(value);
  throw new Error(`binary mode writes bytes: send a Uint8Array, an ArrayBuffer, an array of byte values 0..255 or a string (as UTF-8), not ${describe(value)}`);
}

function describe(value: unknown): string {
  return value === null ? 'null' : Array.isArray(value) ? 'an array' : `a ${typeof value}`;
}

/** The message for one json-lines stdout line. A line that is not JSON is delivered as its text, with the problem. */
export function parseJsonLine(line: string): { value: unknown; problem?: string } {
  try {
    return { value: JSON.parse(line) };
  } catch (e) {
    return { value: line, problem: `stdout line is not JSON (${(e as Error).message}); delivered as text: ${line.length > 200 ? `${line.slice(0, 199)}…` : line}` };
  }
}
