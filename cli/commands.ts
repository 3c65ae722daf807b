import type { CliCommand } from './command';
import { lintCommand } from './lint';
import { processesCommand } from './processes';
import { ramCommand } from './ram';
import { runCommand } from './run';
import { serveCommand } from './serve';

/** Every subcommand; `bbports help` lists them in this order. */
export const commands: CliCommand[] = [runCommand, lintCommand, serveCommand, processesCommand, ramCommand];
