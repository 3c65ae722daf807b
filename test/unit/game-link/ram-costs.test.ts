import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ramCharges, ramCostsFromDefinitions } from '../../../core/game-link/sync/ram-costs';

const DEFINITIONS = `
export interface NS {
  /**
   * Run a script.
   * @remarks
   * RAM cost: 1 GB
   */
  run(script: string, threads?: number): number;
  /**
   * @remarks
   * RAM cost: 0 GB
   */
  writePort(portNumber: number, data: any): any;
  /**
   * @remarks
   * RAM cost: 0.2 GB
   */
  scan(host?: string): string[];
  /**
   * @remarks
   * RAM cost: 2 GB
   */
  getServer(host?: string): Server;
}`;

describe('RAM per function from the game\'s definitions', () => {
  it('reads each function\'s "RAM cost" and charges a script for every costly name it uses', () => {
    const costs = ramCostsFromDefinitions(DEFINITIONS);
    assert.deepEqual([...costs], [['run', 1], ['scan', 0.2], ['getServer', 2]]);
    const script = 'export async function main(ns) { ns.writePort(1, ns.scan()); const { run } = ns; ns.getServer(); }';
    assert.deepEqual(ramCharges(script, costs), [{ name: 'getServer', gb: 2 }, { name: 'run', gb: 1 }, { name: 'scan', gb: 0.2 }]);
  });
});
