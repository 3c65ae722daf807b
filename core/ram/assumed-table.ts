import { DEFAULT_GAME_VERSION, type GameVersion } from '../engine/game-version';
import { ramCostsFromDefinitions } from '../game-link/sync/ram-costs';
import { shippedTable, tableWithDefinitions, type CostTable } from './cost-table';

/**
 * The cost table an estimate uses, and how to say it: the fetched definitions' RAM comments over the version's
 * shipped table when the definitions are there, else the shipped table of that game version.
 */
export function assumedTable(version: GameVersion | undefined, definitions?: { name: string; text: string }): { table: CostTable; costs: string } {
  const v = version ?? DEFAULT_GAME_VERSION;
  const shipped = shippedTable(v);
  if (!definitions) return { table: shipped, costs: `the cost table of game ${v}` };
  const table = tableWithDefinitions(shipped, ramCostsFromDefinitions(definitions.text), definitions.name);
  return { table, costs: `the RAM comments of ${definitions.name} (over game ${v}'s table)` };
}
