// The game's file rules (game.md §3), checked before a push so the user learns what is wrong with a name without a
// round trip, and files the game would refuse are skipped instead of failing a whole push.

export const SCRIPT_EXTENSIONS = ['.js', '.jsx', '.ts', '.tsx', '.script'];
export const TEXT_EXTENSIONS = ['.txt', '.json'];
export const GAME_EXTENSIONS = [...SCRIPT_EXTENSIONS, ...TEXT_EXTENSIONS];

const FORBIDDEN = /[\s*?[\]!\\~|#"']/;

/** Why the game would refuse this path (relative, `/`-separated), or undefined when it accepts it. */
export function gamePathProblem(path: string): string | undefined {
  const p = path.replace(/^\//, '');
  if (!GAME_EXTENSIONS.some((ext) => p.endsWith(ext))) return `the game only takes ${GAME_EXTENSIONS.join(' ')} files`;
  const bad = FORBIDDEN.exec(p);
  if (bad) return `the game refuses ${bad[0] === ' ' ? 'spaces' : `"${bad[0]}"`} in file names`;
  const segments = p.split('/');
  if (segments.some((s) => s === '.' || s === '..' || s === '')) return 'the game refuses empty, "." and ".." path segments';
  const name = segments[segments.length - 1] as string;
  if (GAME_EXTENSIONS.includes(name)) return 'the file needs a name before its extension';
  return undefined;
}

export function isScript(path: string): boolean {
  return SCRIPT_EXTENSIONS.some((ext) => path.endsWith(ext));
}

/** The game lists nested files with or without a leading slash depending on version; compare without it. */
export function normalizeGamePath(path: string): string {
  return path.replace(/^\//, '');
}
