import type { CliCommand } from './command';
import { runCommand } from './run';

/** Every subcommand; `bbports help` lists them in this order. */
export const commands: CliCommand[] = [runCommand];
