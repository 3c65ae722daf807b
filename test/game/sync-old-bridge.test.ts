// An old bridge restored from the save of the real game (Bitburner 2.6.1): the tool knows the running bridge's version
// on link, replaces the script in the game and tells the player the command that restarts it; after it, the bridge
// that links is the tool's own.
import assert from 'node:assert/strict';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { BridgeLink } from '../../core/game-link/bridge/bridge-hub';
import { bridgeFiles, bridgeVersion, newBridgeToken } from '../../core/game-link/bridge/install';
import { BRIDGE_SCRIPT } from '../../core/game-link/bridge/protocol';
import { watchBridgeVersion } from '../../core/game-link/bridge/version-check';
import { GameLink } from '../../core/game-link/link';
import { bridgeSource } from '../support/in-game';
import { launchGame, type Game } from './driver';
import { freePort } from './serve';

/** Resolves with the first bridge link that passes `test`. */
function bridgeLinked(link: GameLink, test: (l: BridgeLink) => boolean): Promise<BridgeLink> {
  return new Promise((done) => {
    const check = () => {
      const l = link.hub.link;
      if (l && test(l)) {
        stop();
        done(l);
      }
    };
    const stop = link.hub.onLink.on(check);
    check();
  });
}

describe('an old bridge restored from the game\'s save', () => {
  let game: Game;
  let link: GameLink;
  before(async () => {
    link = new GameLink({ server: { port: await freePort() }, bridge: { token: newBridgeToken() } });
    await link.server.start();
    game = await launchGame({ profileDir: mkdtempSync(join(tmpdir(), 'bbports-old-bridge-profile-')) });
    const connected = new Promise((done) => link.server.onGame.on(done));
    await game.connect(link.server.status.port!);
    await connected;
  });
  after(async () => {
    await game?.close();
    await link?.stop();
  });

  it('is replaced on link, with a message that says how to restart it, and the restarted one is current', async () => {
    // An older copy of the tool installed this one.
    const expected = bridgeVersion(bridgeSource(), false);
    const install = { url: link.bridgeUrl(), token: (link as unknown as { token: string }).token, liveness: false };
    for (const file of bridgeFiles(bridgeSource(), install)) {
      const content = file.filename === BRIDGE_SCRIPT ? file.content.replace(expected, 'an-older-one') : file.content;
      await link.server.call('pushFile', { ...file, content, server: 'home' });
    }
    await game.terminal('run bbports-bridge.js');
    await bridgeLinked(link, (l) => l.version === 'an-older-one');
    await game.save();

    // This tool, with its version check, meets the game after a reload.
    const notices: string[] = [];
    let told!: (text: string) => void;
    const notice = new Promise<string>((done) => (told = done));
    const stop = watchBridgeVersion(link, { source: bridgeSource(), target: () => ({ server: 'home', liveness: false }), notify: (text) => (notices.push(text), told(text)) });
    try {
      await game.reload();
      const text = await notice;
      const restored = link.hub.link!;
      assert.match(text, new RegExp(`pid ${restored.pid}\\) is version an-older-one, not this tool's ${expected}: .*kill ${restored.pid}; run bbports-bridge\\.js`));
      const command = /restart it in the game's terminal: (.*)$/.exec(text)![1]!;

      await game.terminal(command);
      const current = await bridgeLinked(link, (l) => l.pid !== restored.pid);
      assert.equal(current.version, expected);
      assert.equal(notices.length, 1, 'the current bridge is not reported');
    } finally {
      stop();
    }
  });
});
