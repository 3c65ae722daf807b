// The real game (Bitburner 2.6.1) against `bbports serve`: connect, push, run, and the bridge's RAM by the game's `mem`.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { Game } from './driver';
import { servedGame, type Serve } from './serve';

describe('the real game connects to bbports serve', () => {
  let game: Game;
  let serve: Serve;
  let close: () => Promise<void> = async () => undefined;
  before(async () => {
    ({ game, serve, close } = await servedGame({ 'hello.js': 'export async function main(ns) { ns.tprint("hello from " + ns.getHostname()); }\n' }));
  });
  after(() => close());

  it('runs a pushed script in the game', async () => {
    await game.terminal('run hello.js');
    await game.waitForTerminal(/hello\.js: hello from home/);
  });

  it('installs the bridge at 1.60 GB by the game\'s own mem', async () => {
    await serve.waitFor(/bridge/);
    await game.terminal('mem bbports-bridge.js');
    const text = await game.waitForTerminal(/requires [\d.]+GB of RAM/);
    assert.match(text, /This script requires 1\.60GB of RAM/);
  });
});
