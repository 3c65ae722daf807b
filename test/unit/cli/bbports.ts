import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** The built CLI, as users run it from a shell (npm run build first). */
export const cli = new URL('../../../dist/cli.js', import.meta.url).pathname;

export function bbports(args: string[], cwd = tmpdir()) {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const r = spawnSync(process.execPath, [cli, ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** A fresh folder holding these files (name → text). */
export function folder(files: Record<string, string>, prefix = 'bbports-cli-'): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}
