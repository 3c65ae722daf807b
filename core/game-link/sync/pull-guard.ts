import { lstat, realpath } from 'node:fs/promises';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';

/**
 * Files the tool itself reads: a pulled bbports.json would name programs that `bbports serve` then starts, and
 * bbports-bridge.json carries the bridge token. The game never gets to write them, at any depth.
 */
export const TOOL_FILES = ['bbports.json', 'bbports-bridge.json'];

/**
 * Why a file the game sent must not be written locally, judged on its name as the game sent it: `.` and `..`
 * segments (`x/../bbports.json`), backslashes, absolute names, dot-folders and dot-files (`.vscode/settings.json`,
 * `.git/hooks/…`), and the tool's own files. Undefined when the name may be pulled.
 */
export function pullNameProblem(name: string): string | undefined {
  const p = name.replace(/^\//, '');
  if (p.includes('\\') || /^[a-zA-Z]:/.test(p) || name.startsWith('//')) return 'the game sent a name with a drive or backslashes';
  const segments = p.split('/');
  if (segments.some((s) => s === '' || s === '.' || s === '..')) return 'the game sent a name with empty, "." or ".." segments';
  if (segments.some((s) => s.startsWith('.'))) return 'it is in a dot-folder or a dot-file (.vscode, .git, …), which a pull never writes';
  const last = (segments[segments.length - 1] as string).toLowerCase();
  if (TOOL_FILES.includes(last)) return `${last} is this tool's own file, which a pull never writes (it could make the tool run a program or hold a token)`;
  return undefined;
}

/**
 * Where a pulled file may be written, following links as the write would: the nearest existing part of the path is
 * resolved (symlinks, junctions) and must stay inside the sync folder's real path, and the resolved name must pass
 * pullNameProblem too (a link `a.js -> bbports.json`). Returns the problem, or undefined when the write is safe.
 */
export async function pullTargetProblem(root: string, target: string): Promise<string | undefined> {
  const realRoot = await realpath(root);
  let existing = target;
  const rest: string[] = [];
  while (!(await lstat(existing).then(() => true, () => false))) {
    const parent = dirname(existing);
    if (parent === existing) return 'no part of its path exists';
    rest.unshift(existing.slice(parent.length).replace(/^[\\/]/, ''));
    existing = parent;
  }
  const real = await realpath(existing).catch(() => undefined);
  if (real === undefined) return `${existing} is a link that leads nowhere; writing through it could create a file anywhere`;
  const resolved = join(real, ...rest);
  const rel = relative(realRoot, resolved);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return `it would be written outside the sync folder, at ${resolved} (a link on the way leads out)`;
  const problem = pullNameProblem(rel.split(sep).join('/'));
  return problem && `through a link it would be written as ${rel}: ${problem}`;
}
