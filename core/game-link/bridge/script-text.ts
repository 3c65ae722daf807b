import source from './in-game/bbports-bridge.js';

/** The bridge script's text, as pushed into the game (only in bundles: esbuild loads in-game/ files as text). */
export const BRIDGE_SOURCE: string = source;
