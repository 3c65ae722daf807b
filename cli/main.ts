import { version } from '../package.json';
import { commandHelp, USAGE_EXIT, wantsHelp, type CliIo } from './command';
import { commands } from './commands';

// Output piped into a program that stops reading (`bbports lint | head`) ends the run quietly, as other tools do.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
  process.exit(process.exitCode ?? 0);
});

const io: CliIo = { out: (line) => process.stdout.write(`${line}\n`), err: (line) => process.stderr.write(`${line}\n`) };

function help(): void {
  io.out(`bbports ${version}: Bitburner ports without the game\n`);
  io.out('Usage: bbports COMMAND [OPTIONS]   (bbports COMMAND --help for its options, examples and exit codes)\n');
  for (const c of commands) io.out(`  bbports ${c.usage}\n      ${c.summary}`);
  io.out('\n  bbports --version   prints the version\n  bbports --help      this help\n');
  io.out(`Exit codes: 0 success; ${USAGE_EXIT} bad arguments; the others are each command's (see its --help).`);
}

async function main(argv: string[]): Promise<number> {
  const [name, ...rest] = argv;
  if (name === '--version' || name === '-v') {
    io.out(version);
    return 0;
  }
  if (!name || name === '--help' || name === '-h' || (name === 'help' && !rest.length)) {
    help();
    return name ? 0 : USAGE_EXIT;
  }
  const command = commands.find((c) => c.name === (name === 'help' ? rest[0] : name));
  if (!command) {
    io.err(`bbports: unknown command "${name === 'help' ? rest[0] : name}". Commands: ${commands.map((c) => c.name).join(', ')}; bbports --help explains them.`);
    return USAGE_EXIT;
  }
  if (name === 'help' || wantsHelp(rest)) {
    for (const line of commandHelp(command)) io.out(line);
    return 0;
  }
  try {
    return await command.run(rest, io);
  } catch (error) {
    io.err(`bbports ${name}: ${error instanceof Error ? error.message : String(error)}`);
    return USAGE_EXIT;
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
