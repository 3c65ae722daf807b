import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { SCRIPT_EXTENSIONS, LintWorkspace, type LintOptions } from './workspace';

const SKIP_DIRS = new Set(['node_modules', '.git', 'dist', 'out']);

/** The script files under a folder (or the file itself), skipping node_modules, .git and build output. */
export function scriptFilesUnder(path: string): string[] {
  const full = resolve(path);
  if (!statSync(full).isDirectory()) return [full];
  const out: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      if (entry.isDirectory()) {
        if (!SKIP_DIRS.has(entry.name) && !entry.name.startsWith('.')) walk(join(dir, entry.name));
      } else if (SCRIPT_EXTENSIONS.some((e) => entry.name.endsWith(e)) && !entry.name.endsWith('.d.ts')) out.push(join(dir, entry.name));
    }
  };
  walk(full);
  return out.sort();
}

/** A workspace holding every script under the given paths, read from disk. */
export function loadWorkspace(paths: string[], options: LintOptions): LintWorkspace {
  const ws = new LintWorkspace(options);
  for (const p of paths) for (const file of scriptFilesUnder(p)) ws.update(file, readFileSync(file, 'utf8'));
  return ws;
}
