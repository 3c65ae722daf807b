// The value codec both ways through the real game (Bitburner 2.6.1): a value of every kind JSON cannot carry, written
// by the tool, arrives in a game script as what it was, and the same value written by the game arrives in the tool.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { GameLink } from '../../core/game-link/link';
import type { Game } from './driver';
import { linkedGame } from './linked-game';

/** The same kinds the game script builds, made here. */
function kinds(): Record<string, unknown> {
  const shared = { n: 1 };
  const v: Record<string, unknown> = { map: new Map([['a', 1]]), set: new Set([1, 2]), big: 10n, date: new Date(0), re: /a+/g, bytes: new Uint8Array([1, 2, 255]), nums: [NaN, Infinity, -Infinity, -0], undef: undefined, holes: [1, , 3], a: shared, b: shared };
  v.self = v;
  return v;
}

describe('values of every kind, both ways through the real game', () => {
  let game: Game;
  let link: GameLink;
  before(async () => {
    ({ game, link } = await linkedGame());
    await link.server.call('pushFile', { filename: 'link-values.js', content: readFileSync(join(__dirname, 'scripts', 'link-values.js'), 'utf8'), server: 'home' });
  });
  after(async () => {
    await game?.close();
    await link?.stop();
  });

  it('a tool write arrives in a game script with every kind intact, and the game\'s value arrives in the tool', async () => {
    await link.hub.command('write', 20, kinds());
    await game.terminal('run link-values.js');
    const text = await game.waitForTerminal(/kinds from the tool: \{.*\}/);
    const checks = JSON.parse(/kinds from the tool: (\{.*\})/.exec(text)![1]!) as Record<string, boolean>;
    assert.deepEqual(Object.entries(checks).filter(([, ok]) => !ok), [], 'every kind arrived as it was');
    assert.equal(Object.keys(checks).length, 11);

    // The script writes port 21 in the same synchronous block as its tprint: it is there once the text is.
    const v = (await link.hub.command('read', 21)) as Record<string, unknown>;
    assert.deepStrictEqual(v, kinds());
    assert.equal(v.a, v.b, 'a shared object stays shared');
    assert.equal(v.self, v, 'a cycle stays a cycle');
    assert.ok(Object.is((v.nums as number[])[3], -0));
  });
});
