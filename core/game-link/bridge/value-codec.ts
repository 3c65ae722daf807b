import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import bundled from './in-game/bbports-codec.js';

/**
 * The codec's text, as pushed inside the bridge. Bundles get it from esbuild's text loader; unbundled runs (tsx, the
 * unit tests) load the module itself instead, so the text is read from beside this file.
 */
export const CODEC_SOURCE: string = typeof bundled === 'string' ? bundled : readFileSync(join(__dirname, 'in-game', 'bbports-codec.js'), 'utf8');

interface Codec {
  encodeValue(value: unknown): unknown;
  decodeValue(wire: unknown): unknown;
}

// The tool runs the very text the bridge runs, so both ends always agree on the encoding.
const codec = new Function(`${CODEC_SOURCE.replace(/^export /gm, '')}\nreturn { encodeValue, decodeValue };`)() as Codec;

/** A value as the game link carries it (JSON-safe, types and references kept). Throws for what no port can hold. */
export const encodeValue: (value: unknown) => unknown = codec.encodeValue;
/** The value a wire form stands for. Throws on a malformed one. */
export const decodeValue: (wire: unknown) => unknown = codec.decodeValue;
