import { runtimeError, type ScriptContext } from './context';

type Schema = [string, string | number | boolean | string[]][];

/** ns.flags: `--name value`, `--name=value`, `-n value`, booleans without a value, lists repeated; the rest in `_`. */
export function parseFlags(c: ScriptContext, schema: Schema): Record<string, unknown> {
  if (!Array.isArray(schema)) throw runtimeError(c, 'flags', 'flags schema passed in is invalid.');
  const out: Record<string, unknown> = { _: [] as unknown[] };
  const defaults = new Map(schema.map(([name, value]) => [name, value]));
  for (const [name, value] of defaults) out[name] = Array.isArray(value) ? [...value] : value;
  const given = new Set<string>();
  const args = c.proc.args;
  for (let i = 0; i < args.length; i++) {
    const arg = args[i];
    const m = typeof arg === 'string' ? /^--?([^=]+)(?:=(.*))?$/.exec(arg) : null;
    if (!m || arg === '--') {
      (out._ as unknown[]).push(...(arg === '--' ? args.slice(i + 1) : [arg]));
      if (arg === '--') break;
      continue;
    }
    const name = m[1] as string;
    if (!defaults.has(name)) throw runtimeError(c, 'flags', `unknown or unexpected option: ${arg}`);
    const def = defaults.get(name);
    if (typeof def === 'boolean') {
      out[name] = m[2] === undefined ? true : m[2] !== 'false';
      continue;
    }
    const raw = m[2] ?? args[++i];
    if (raw === undefined) throw runtimeError(c, 'flags', `option requires argument: ${arg}`);
    const value = typeof def === 'number' ? Number(raw) : String(raw);
    if (Array.isArray(def)) out[name] = given.has(name) ? [...(out[name] as unknown[]), value] : [value];
    else out[name] = value;
    given.add(name);
  }
  return out;
}
