import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const FRAME = /(file:\/\/\/[^\s)]+|(?:[A-Za-z]:)?[\\/][^\s():]+):(\d+):(\d+)/;

/** A path under root as the player names it (`lib/ports.js`), or undefined for a file outside it. */
function inRoot(root: string, file: string): string | undefined {
  const rel = relative(root, file);
  return rel && !rel.startsWith('..') && !isAbsolute(rel) ? rel.split(sep).join('/') : undefined;
}

/** The code line and a caret under the column, as Node shows them. */
function codeLines(file: string, line: number, column: number): string[] {
  const text = readFileSync(file, 'utf8').split(/\r?\n/)[line - 1];
  if (text === undefined) return [];
  return [`    ${text}`, `    ${' '.repeat(Math.max(0, column - 1))}^`];
}

/** Frames of the stack that are in the player's files, renamed to their paths under root. */
function scriptFrames(stack: string, root: string): { lines: string[]; top?: { file: string; rel: string; line: number; column: number } } {
  const lines: string[] = [];
  let top: { file: string; rel: string; line: number; column: number } | undefined;
  for (const raw of stack.split('\n').slice(1)) {
    const m = FRAME.exec(raw);
    if (!m) continue;
    const file = m[1]!.startsWith('file:') ? fileURLToPath(m[1]!) : m[1]!;
    const rel = inRoot(root, file);
    if (!rel) continue;
    top ??= { file, rel, line: Number(m[2]), column: Number(m[3]) };
    lines.push(raw.replace(m[1]!, rel));
  }
  return { lines, top };
}

/**
 * How a script's uncaught error is reported: `file:line:column: Error: message`, the code line with a caret, then the
 * stack frames in the player's own files (never the playground's). The game's error strings are kept as they are.
 */
export function describeScriptError(error: unknown, root: string): string {
  if (!(error instanceof Error)) return String(error);
  const { lines, top } = scriptFrames(error.stack ?? '', root);
  const head = `${error.name}: ${error.message}`;
  if (!top) return head;
  return [`${top.rel}:${top.line}:${top.column}: ${head}`, ...codeLines(top.file, top.line, top.column), ...lines].join('\n');
}

/** The relative imports of a script (`./x.js`, `/lib/ports.js`), resolved to files, for finding a syntax error. */
function importedFiles(file: string, root: string): string[] {
  const text = readFileSync(file, 'utf8');
  const out: string[] = [];
  for (const m of text.matchAll(/(?:import|export)\s[^'"]*?from\s*['"]([^'"]+)['"]|import\s*['"]([^'"]+)['"]/g)) {
    const spec = (m[1] ?? m[2]) as string;
    if (spec.startsWith('/')) out.push(join(root, spec));
    else if (spec.startsWith('.')) out.push(join(dirname(file), spec));
  }
  return out;
}

/** Node's own syntax check of one file as a module: its `line`, code line and caret, or undefined when it parses. */
function syntaxAt(file: string): { line: number; code: string; caret: string; message: string } | undefined {
  let source: string;
  try {
    source = readFileSync(file, 'utf8');
  } catch {
    return undefined;
  }
  // In VS Code the host is Electron: this makes it run as Node.
  const r = spawnSync(process.execPath, ['--input-type=module', '--check'], { input: source, encoding: 'utf8', env: { ...process.env, ELECTRON_RUN_AS_NODE: '1' } });
  if (r.status === 0) return undefined;
  const [where, code = '', caret = '', , message = ''] = (r.stderr ?? '').split('\n');
  const line = Number(/:(\d+)$/.exec(where ?? '')?.[1]);
  return Number.isInteger(line) ? { line, code, caret, message } : undefined;
}

/**
 * A module's syntax error names neither file nor position when it comes from import(): this finds the file (the
 * script or one of its imports) and asks Node for the position, as `node file.js` would show it.
 */
export function findSyntaxError(script: string, root: string): string | undefined {
  const seen = new Set<string>();
  const queue = [script];
  for (let file = queue.shift(); file !== undefined; file = queue.shift()) {
    if (seen.has(file)) continue;
    seen.add(file);
    const found = syntaxAt(file);
    if (found) {
      const column = found.caret.indexOf('^') + 1;
      return [`${inRoot(root, file) ?? file}:${found.line}:${column}: ${found.message}`, `    ${found.code}`, `    ${found.caret}`].join('\n');
    }
    try {
      queue.push(...importedFiles(file, root));
    } catch {
      // an import that does not exist is reported by the import itself
    }
  }
  return undefined;
}
