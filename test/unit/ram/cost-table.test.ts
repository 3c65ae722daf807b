import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateRam, nsCost, shippedTable, tableWithDefinitions } from '../../../core/ram';
import { ramCostsFromDefinitions } from '../../../core/game-link/sync/ram-costs';

const main = (body: string) => `export async function main(ns) {\n${body}\n}\n`;
const ram = (code: string, options: Parameters<typeof calculateRam>[1]) => {
  const r = calculateRam(code, options);
  if (!r.ok) assert.fail(r.reason);
  return r.ram;
};

describe('RAM cost tables per game version', () => {
  const v2 = shippedTable('2.6.1');
  const v3 = shippedTable('3.x');
  it('2.6.1 charges corporation functions 10-20 GB, the current game 1024 GB', () => {
    assert.equal(ram(main('ns.corporation.getCorporation();'), { table: v2 }), 11.6);
    assert.equal(ram(main('ns.corporation.expandCity("a", "b");'), { table: v2 }), 21.6);
    assert.equal(ram(main('ns.corporation.getCorporation();'), { table: v3 }), 1024);
  });
  it('2.6.1 has the functions the newer table lacks', () => {
    assert.equal(nsCost(v3, 'getAugmentationFactions'), undefined);
    assert.deepEqual(nsCost(v2, 'getAugmentationFactions', 3), { path: 'singularity.getAugmentationFactions', cost: 5 });
    assert.deepEqual(nsCost(v2, 'nextUpdate'), { path: 'corporation.nextUpdate', cost: 1 });
  });
  it('scales singularity by the Source-File 4 level: 16x without it, 4x at level 2, 1x from 3', () => {
    const connect = main('ns.singularity.connect("home");');
    assert.deepEqual([0, 1, 2, 3].map((sourceFile4) => ram(connect, { table: v2, sourceFile4 })), [33.6, 33.6, 9.6, 3.6]);
  });
  it('defaults to the current game version', () => {
    assert.equal(shippedTable(), v3);
  });
});

describe('RAM costs from fetched definitions', () => {
  const definitions = [
    'export interface NS {',
    '  /**',
    '   * RAM cost: 0.7 GB',
    '   */',
    '  exec(script: string): number;',
    '  /**',
    '   * RAM cost: 3 GB',
    '   */',
    '  brandNew(): void;',
    '}',
  ].join('\n');
  const table = tableWithDefinitions(shippedTable('3.x'), ramCostsFromDefinitions(definitions), 'NetscriptDefinitions.d.ts');
  it("take over the shipped table's figure and add functions it lacks", () => {
    assert.equal(ram(main('ns.exec("a.js");'), { table }), 2.3);
    assert.equal(ram(main('ns.brandNew();'), { table }), 4.6);
    assert.match(table.source, /^NetscriptDefinitions\.d\.ts over /);
  });
  it('leave the shipped table as it was', () => {
    assert.equal(ram(main('ns.exec("a.js");'), { table: shippedTable('3.x') }), 2.9);
  });
});
