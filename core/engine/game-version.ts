/**
 * The game versions whose texts (and RAM costs) the project knows: 2.6.1, the last release whose source could be
 * checked here and which the real-game suite runs, and the current 3.x line. One setting picks it for both.
 */
export const GAME_VERSIONS = ['3.x', '2.6.1'] as const;
export type GameVersion = (typeof GAME_VERSIONS)[number];
export const DEFAULT_GAME_VERSION: GameVersion = '3.x';

/** A version setting or a game's own version string ("2.6.1", "3.0.2") as one of the known versions. */
export function toGameVersion(text: string | undefined): GameVersion | undefined {
  if (text === undefined) return undefined;
  const t = text.trim().replace(/^v/i, '');
  if ((GAME_VERSIONS as readonly string[]).includes(t)) return t as GameVersion;
  const major = /^(\d+)\./.exec(t)?.[1];
  if (major === '2') return '2.6.1';
  if (major !== undefined && Number(major) >= 3) return '3.x';
  return undefined;
}
