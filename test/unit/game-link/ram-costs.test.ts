import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { MAX_DEFINITIONS_CHARS, ramCharges, ramCostsFromDefinitions } from '../../../core/game-link/sync/ram-costs';

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

describe('junk definitions from a hostile game (issue 13)', () => {
  // The timeout is a guard against a hang (the old parse took 42 s on this), not a speed assertion: that is in the bench.
  it('reads 2 MB of cost lines with no member after them in one pass', { timeout: 20_000 }, () => {
    const junk = 'RAM cost: 1 GB */ 1 '.repeat(100_000);
    assert.ok(junk.length >= 2_000_000);
    assert.deepEqual([...ramCostsFromDefinitions(junk)], []);
    assert.deepEqual([...ramCostsFromDefinitions(`${junk}/** RAM cost: 3 GB */ hack(host: string): number;`)], [['hack', 3]]);
  });

  it('refuses text far larger than any real definitions file, saying what it was', () => {
    assert.throws(() => ramCostsFromDefinitions('x'.repeat(MAX_DEFINITIONS_CHARS + 1)), /NetscriptDefinitions\.d\.ts is 4\.0 MB, more than the 4 MB a real one could be .* Fetch it again from the real game/);
  });
});
