import { parseArgs } from 'node:util';
import { GAME_VERSIONS, toGameVersion, type GameVersion } from '../core/engine/game-version';

/** One option of a subcommand: `value` names what it takes (`DIR`); without it the option is a flag. */
export interface OptionSpec {
  value?: string;
  help: string;
}

/** One `bbports` subcommand. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  options: Record<string, OptionSpec>;
  examples: string[];
  /** Exit codes besides 2 (bad arguments, which every command has), with what each means. */
  exitCodes: Record<number, string>;
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

export const USAGE_EXIT = 2;

/** `bbports NAME --help`: usage, every option with its one-line meaning, examples, exit codes. */
export function commandHelp(c: CliCommand): string[] {
  const names = Object.entries(c.options).map(([name, o]) => [`--${name}${o.value ? ` ${o.value}` : ''}`, o.help] as const);
  const width = Math.max(0, ...names.map(([n]) => n.length));
  const codes = { ...c.exitCodes, [USAGE_EXIT]: 'bad arguments: the message says which and what to give instead' };
  return [
    `Usage: bbports ${c.usage}`,
    '',
    c.summary,
    '',
    'Options:',
    ...names.map(([n, help]) => `  ${n.padEnd(width)}  ${help}`),
    `  ${'--help'.padEnd(width)}  prints this help and exits 0`,
    '',
    'Examples:',
    ...c.examples.map((e) => `  ${e}`),
    '',
    'Exit codes:',
    ...Object.entries(codes).map(([code, meaning]) => `  ${code}  ${meaning}`),
  ];
}

/** True when the arguments ask for help (before any `--`). */
export function wantsHelp(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end < 0 ? argv : argv.slice(0, end)).some((a) => a === '--help' || a === '-h');
}

type Known = Record<string, 'value' | 'flag' | OptionSpec>;

/**
 * Options and positional arguments, by node's util.parseArgs (strict: an unknown option is an error). Its errors are
 * reworded to name the option and what the command takes.
 */
export function parseOptions(argv: string[], known: Known): { options: Record<string, string | true>; positional: string[] } {
  const spec = Object.fromEntries(Object.entries(known).map(([name, k]) => [name, { type: k === 'flag' || (typeof k === 'object' && !k.value) ? ('boolean' as const) : ('string' as const) }]));
  try {
    const { values, positionals } = parseArgs({ args: argv, options: spec, allowPositionals: true, strict: true });
    return { options: values as Record<string, string | true>, positional: positionals };
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    const option = /'(--?[^' =]+)/.exec(e.message)?.[1] ?? '';
    const list = Object.keys(known).map((k) => `--${k}`).join(', ') || 'none';
    if (e.code === 'ERR_PARSE_ARGS_UNKNOWN_OPTION') throw new Error(`unknown option ${option} (known: ${list}; --help explains them)`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE' && spec[option.replace(/^--?/, '')]?.type === 'boolean') throw new Error(`${option} is a flag: it takes no value`);
    if (e.code === 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE') throw new Error(`${option} needs a value (a value starting with - goes as ${option}=VALUE)`);
    throw error;
  }
}

type Options = Record<string, string | true>;

/** `--capacity N`: items per port, a whole number from 1; undefined when not given (the engine's default). */
export function capacityOption(options: Options): number | undefined {
  const raw = options.capacity;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isSafeInteger(n) || n <= 0) throw new Error(`--capacity must be a whole number of items from 1 up (the game's is 50), was ${raw}`);
  return n;
}

/** `--NAME SECONDS` (default `--for`): a positive number of seconds; undefined when not given. */
export function secondsOption(options: Options, name = 'for'): number | undefined {
  const raw = options[name];
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`--${name} must be a positive number of seconds, was ${raw}`);
  return n;
}

/** `--game-version V`: whose texts (3.x or 2.6.1, or a game version like 3.0.2); undefined when not given. */
export function gameVersionOption(raw: string | true | undefined): GameVersion | undefined {
  if (raw === undefined) return undefined;
  const v = toGameVersion(String(raw));
  if (!v) throw new Error(`--game-version must be ${GAME_VERSIONS.join(' or ')} (or a game version such as 2.6.1 or 3.0.2), was ${raw}`);
  return v;
}
