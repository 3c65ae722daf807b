import { existsSync } from 'node:fs';
import { loadConfigFile } from '../core/process';

/**
 * Says which programs a bbports.json is about to start, with their commands, before they start: the CLI asks no
 * one (no Workspace Trust here), so the player at least sees what runs, and a file they did not write stands out.
 */
export function announcePrograms(file: string, say: (line: string) => void): void {
  if (!existsSync(file)) return;
  const { specs } = loadConfigFile(file);
  if (!specs.length) return;
  say(`starting ${specs.length} program(s) from ${file}:`);
  for (const s of specs) say(`  ${s.name}: ${[s.command, ...s.args].map((a) => (/^[\w./:=@%+-]+$/.test(a) ? a : JSON.stringify(a))).join(' ')}${s.cwd ? `  (in ${s.cwd})` : ''}`);
}
