import type { CliIo } from './command';
import { commands } from './commands';

// Output piped into a program that stops reading (`bbports lint | head`) ends the run quietly, as other tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const io: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

function help(): void {
  io.out('bbports: Bitburner ports without the game\n');
  for (const c of commands) io.out(`  bbports ${c.usage}\n      ${c.summary}`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (!name || name === 'help' || name === '--help' || name === '-h') {
    help();
    return name ? 0 : 2;
  }
  const command = commands.find((c) => c.name === name);
  if (!command) {
    io.err(`bbports: unknown command "${name}". Commands: ${commands.map((c) => c.name).join(', ')}.`);
    return 2;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`bbports ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return 2;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
