import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, resolve } from 'node:path';
import { parseDefinition, type ProcessSpec } from './definition';

export const CONFIG_FILE = 'bbports.json';

export interface LoadedDefinitions {
  specs: ProcessSpec[];
  /** One line per definition that was left out, saying why. */
  problems: string[];
}

/**
 * Checks a list of definitions (settings, or bbports.json's `processes`). A broken one is left out and named; the
 * others still load. Relative `cwd`s start at `baseDir`; tags must be unique.
 */
export function parseDefinitions(list: unknown, where: string, baseDir: string | undefined): LoadedDefinitions {
  const out: LoadedDefinitions = { specs: [], problems: [] };
  if (list === undefined) return out;
  if (!Array.isArray(list)) return { specs: [], problems: [`${where}: "processes" must be a list of process definitions`] };
  const tags = new Set<string>();
  list.forEach((raw, i) => {
    const label = typeof (raw as { name?: unknown })?.name === 'string' ? `"${(raw as { name: string }).name}"` : `#${i + 1}`;
    try {
      const spec = parseDefinition(raw, `${where}, process ${label}`);
      if (tags.has(spec.tag)) throw new Error(`${where}, process ${label}: tag "${spec.tag}" is used twice; give each process its own tag`);
      tags.add(spec.tag);
      if (baseDir !== undefined) spec.cwd = spec.cwd === undefined ? baseDir : isAbsolute(spec.cwd) ? spec.cwd : resolve(baseDir, spec.cwd);
      out.specs.push(spec);
    } catch (e) {
      out.problems.push((e as Error).message);
    }
  });
  return out;
}

/** Reads bbports.json (`{"processes": [...]}`); processes start in the file's folder unless they say otherwise. */
export function loadConfigFile(path: string): LoadedDefinitions {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    return { specs: [], problems: [code === 'ENOENT' ? `${path}: no such file` : `${path}: cannot read it (${(e as Error).message})`] };
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    return { specs: [], problems: [`${path}: not valid JSON (${(e as Error).message}); fix the file, the editor marks the spot`] };
  }
  if (typeof json !== 'object' || json === null || Array.isArray(json)) return { specs: [], problems: [`${path}: must be an object like {"processes": [...]}`] };
  return parseDefinitions((json as { processes?: unknown }).processes, path, dirname(path));
}

export function configPath(root: string): string {
  return join(root, CONFIG_FILE);
}
