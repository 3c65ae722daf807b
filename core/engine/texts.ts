import { MAX_PORT_NUMBER } from './constants';
import type { GameVersion } from './game-version';

/**
 * Every text a port function throws, per game version: the one table both the engine's typed errors and the
 * script facade's game-shaped errors are built from. Checked against the game's source (2.6.1 and 3.x) and, for
 * 2.6.1, against the real game (test/game/engine-texts.test.ts).
 */

/** What was wrong with a port number, in the order the game checks. */
export type PortFault =
  | { kind: 'not-a-number'; value: unknown }
  | { kind: 'nan' }
  | { kind: 'not-positive-integer'; n: number }
  | { kind: 'above-max'; n: number };

/** The game's error class word: `TYPE ERROR`, `RUNTIME ERROR`. */
export type ErrorKind = 'TYPE' | 'RUNTIME';

/** The game's own wording of the argument's type (its debugType): `Is of type 'string', value: 'abc'`. */
export function describeValue(v: unknown): string {
  if (v === null) return 'Is null.';
  if (v === undefined) return 'Is undefined.';
  if (typeof v === 'function') return 'Is a function.';
  return `Is of type '${typeof v}', value: ${friendly(v)}`;
}

function friendly(v: unknown): string {
  const clip = (s: string) => (s.length > 15 ? s.slice(0, 12) + '...' : s);
  if (typeof v === 'number') return String(v);
  if (typeof v === 'string') return v === '' ? 'empty string' : `'${clip(v)}'`;
  let json: string | undefined;
  try {
    json = JSON.stringify(v);
  } catch {
    // A BigInt or a cycle: the game's JSON.stringify throws there too, but a tool must still get a message.
    json = undefined;
  }
  return json ? `'${clip(json)}'` : '???';
}

/** 2.6.1 says "should be", 3.x "must be". */
const verb = (version: GameVersion) => (version === '2.6.1' ? 'should be' : 'must be');

/** The message of a port-number fault (without the `<fn>: ` the game puts before it) and its error class. */
export function portFaultText(fault: PortFault, version: GameVersion): { text: string; kind: ErrorKind } {
  switch (fault.kind) {
    case 'not-a-number':
      return { text: `'portNumber' ${verb(version)} a number. ${describeValue(fault.value)}`, kind: 'TYPE' };
    case 'nan':
      return { text: `'portNumber' is NaN.`, kind: 'RUNTIME' };
    case 'not-positive-integer':
      return { text: `portNumber ${verb(version)} a positive integer, was ${fault.n}`, kind: 'TYPE' };
    case 'above-max':
      return { text: `Trying to use an invalid port: ${fault.n}. Must be less or equal to ${MAX_PORT_NUMBER}.`, kind: 'RUNTIME' };
  }
}

/** 3.x's text for a value structuredClone refuses (thrown as an Error with no function name, the clone error as cause). */
export const UNSERIALIZABLE = "You can't send Functions, Promises, NS, or other unserializable data through ports!";

/** 2.6.1 lets the browser's DataCloneError through; Chromium (the game's Electron too) words it like this. */
export function dataCloneText(cloneMessage: string): string {
  return `Failed to execute 'structuredClone' on 'Window': ${cloneMessage}`;
}
