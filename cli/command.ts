/** One `bbports` subcommand. `run` returns the process exit code. */
export interface CliCommand {
  name: string;
  usage: string;
  summary: string;
  run(argv: string[], io: CliIo): Promise<number>;
}

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
}

/** Splits `--name value` / `--flag` options from positional arguments. Unknown options are an error, named. */
export function parseOptions(argv: string[], known: Record<string, 'value' | 'flag'>): { options: Record<string, string | true>; positional: string[] } {
  const options: Record<string, string | true> = {};
  const positional: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i] as string;
    if (!arg.startsWith('--')) {
      positional.push(arg);
      continue;
    }
    const [name, inline] = arg.slice(2).split('=', 2) as [string, string | undefined];
    const kind = known[name];
    if (!kind) throw new Error(`unknown option --${name} (known: ${Object.keys(known).map((k) => `--${k}`).join(', ') || 'none'})`);
    if (kind === 'flag') options[name] = true;
    else {
      const value = inline ?? argv[++i];
      if (value === undefined) throw new Error(`--${name} needs a value`);
      options[name] = value;
    }
  }
  return { options, positional };
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

/** `--for SECONDS`: how long to run; undefined when not given. */
export function secondsOption(options: Options): number | undefined {
  const raw = options.for;
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!(n > 0)) throw new Error(`--for must be a positive number of seconds, was ${raw}`);
  return n;
}
