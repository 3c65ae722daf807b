// The reload scene in the real game (Bitburner 2.6.1) with `bbports serve`: a script edited after the game's last save
// reverts when the game reloads that save; on the reconnect serve finds the old copy, pushes the new one, and says
// that a copy restarted from the save runs the old code.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { Game } from './driver';
import { servedGame, type Serve } from './serve';

const script = (version: string) => `export async function main(ns) { ns.tprint("read9 says ${version}"); }\n`;
/** Runs until killed; at a save it is restarted by the reload, with the code of the save. */
const looper = (version: string) => `export async function main(ns) { ns.tprint("loop9 ${version} started"); while (true) await ns.asleep(1000); }\n`;

describe('reload scene: the game reloads a save older than the last edit', () => {
  let game: Game;
  let serve: Serve;
  let root: string;
  let close: () => Promise<void> = async () => undefined;
  before(async () => {
    ({ game, serve, root, close } = await servedGame({ 'read9.js': script('v1'), 'loop9.js': looper('v1') }, { profileDir: mkdtempSync(join(tmpdir(), 'bbports-reload-profile-')) }));
    await serve.waitFor(/pushed 2 file\(s\) to home/);
  });
  after(() => close());

  it('pushes the newer version on the reconnect, so the game runs the new code, and tells about the restarted copy', async () => {
    await game.terminal('run loop9.js');
    await game.waitForTerminal(/loop9 v1 started/);
    await game.save();
    // Edited after the save: pushed at once, then lost by the reload.
    writeFileSync(join(root, 'read9.js'), script('v2'));
    writeFileSync(join(root, 'loop9.js'), looper('v2'));
    await serve.waitFor(/pushed read9\.js to home[\s\S]*pushed loop9\.js to home|pushed loop9\.js to home[\s\S]*pushed read9\.js to home/);
    const before = serve.output().length;

    await game.reload();
    // The game reconnects by itself (its save has the port); serve reconciles.
    const text = (await serve.waitFor(/held older copies of [^\n]*kill it and run it again/, 60_000)).slice(before);
    assert.match(text, /checked home against the folder: 2 to push/);
    assert.match(text, /pushed 2 file\(s\) to home/);
    assert.match(text, /older copies of (loop9\.js, read9\.js|read9\.js, loop9\.js)/);
    assert.doesNotMatch(text, /changed in the game/, 'an older copy of ours is not a change made in the game');

    await game.terminal('run read9.js');
    await game.waitForTerminal(/read9 says v2/);
    assert.doesNotMatch(await game.terminalText(), /read9 says v1/);
  });
});
