// The real game (Bitburner 2.6.1) against `bbports serve`: connect, push, run, and the bridge's RAM by the game's `mem`.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchGame, type Game } from './driver';
import { startServe, type Serve } from './serve';

describe('the real game connects to bbports serve', () => {
  let game: Game;
  let serve: Serve;
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-sync-'));
    writeFileSync(join(root, 'hello.js'), 'export async function main(ns) { ns.tprint("hello from " + ns.getHostname()); }\n');
    serve = await startServe(['--root', root]);
    game = await launchGame();
    await game.connect(serve.port);
    await serve.waitFor(/pushed \d+ file\(s\) to home/);
  });
  after(async () => {
    await game?.close();
    await serve?.stop();
  });

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
