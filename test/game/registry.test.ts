// Issue 17 in the real game (Bitburner 2.6.1): a client speaking exactly the original PortRegistry's messages (seed
// 001) works unchanged against `bbports serve --preset seed-001` and the bridge, including a burst, status, release,
// a conflicting reserve, and the freeing of a dead script's ports (dead-owner checks on: the bridge is 1.70 GB).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { launchGame, type Game } from './driver';
import { startServe, type Serve } from './serve';

const SCRIPTS = ['seed-registry-lib.js', 'seed-registry-client.js', 'seed-registry-intruder.js'];

describe('seed 001\'s own client against bbports serve and the bridge in the real game', () => {
  let game: Game;
  let serve: Serve;
  let reserved: number[];
  before(async () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-seed-'));
    for (const f of SCRIPTS) copyFileSync(join(__dirname, 'scripts', f), join(root, f));
    serve = await startServe(['--root', root, '--preset', 'seed-001', '--free-dead-owners']);
    game = await launchGame();
    await game.connect(serve.port);
    await serve.waitFor(/type: run bbports-bridge\.js/);
    await game.terminal('run bbports-bridge.js');
    await serve.waitFor(/the game bridge connected \(pid \d+\)/);
  });
  after(async () => {
    await game?.close();
    await serve?.stop();
  });

  it('costs 1.70 GB by the game\'s own mem with dead-owner checks on', async () => {
    await game.terminal('mem bbports-bridge.js');
    assert.match(await game.waitForTerminal(/requires [\d.]+GB of RAM/), /This script requires 1\.70GB of RAM/);
  });

  it('reserves 10 ports in a burst, lists them in status, and releases one', async () => {
    await game.terminal('run seed-registry-client.js burst 10');
    const text = await game.waitForTerminal(/seed client holding|seed client threw/);
    assert.doesNotMatch(text, /seed client threw/);
    reserved = /seed reserved: ([\d,]+)/.exec(text)![1]!.split(',').map(Number);
    assert.equal(new Set(reserved).size, 10, 'ten different ports');
    assert.ok(reserved.every((p) => p >= 1024));
    assert.match(text, /seed status lists mine: true/);
    assert.match(text, new RegExp(`seed released ${reserved[0]}: true`));
  });

  it('answers status in the original\'s shape, with the envelope and nothing the request did not ask for', async () => {
    await game.terminal('run seed-registry-client.js status');
    const text = await game.waitForTerminal(/seed status: .* keys [\w,]+/);
    assert.match(text, /keys free,freeHigh,reserved,service,type/);
  });

  it('refuses a conflicting reserve without killing anyone: the first owner keeps the port', async () => {
    const port = reserved[1]!;
    await game.terminal(`run seed-registry-intruder.js ${port}`);
    const text = await game.waitForTerminal(/seed intruder \d+ alive; port \d+ held by pid \d+/);
    const [, intruder, holder] = /seed intruder (\d+) alive; port \d+ held by pid (\d+)/.exec(text)!;
    assert.notEqual(holder, intruder);
    await serve.waitFor(new RegExp(`registry reserve from pid ${intruder} on home refused: Port ${port} is already reserved by script pid ${holder} on home`));
  });

  it('frees the ports of a script that ended without releasing them', async () => {
    await game.terminal('kill seed-registry-client.js burst 10');
    await serve.waitFor(/freed ports [\d, ]+: their game scripts have ended/);
    await game.terminal('run seed-registry-client.js status');
    const text = await game.waitForTerminal(/seed status: .*\n[^]*seed status: |seed status: \[\]/);
    const last = text.slice(text.lastIndexOf('seed status:'));
    for (const p of reserved.slice(1)) assert.doesNotMatch(last.split('freeHigh')[0]!, new RegExp(`"port":${p},`), `port ${p} was freed`);
  });

  it('keeps up with a burst larger than FreePorts holds (60 > its 50): the bridge refills it from numbers it keeps', async () => {
    const before = (await game.terminalText()).length;
    await game.terminal('run seed-registry-client.js burst 60');
    const text = (await game.waitForTerminal(/seed reserved: (\d+,){59}\d+[^]*seed released \d+: \w+|seed client threw/)).slice(before);
    assert.doesNotMatch(text, /seed client threw/);
    assert.equal(new Set(/seed reserved: ([\d,]+)/.exec(text)![1]!.split(',')).size, 60);
    assert.match(text, /seed status lists mine: true/);
  });
});
