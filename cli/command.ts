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
