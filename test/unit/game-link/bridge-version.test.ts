import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { bridgeFiles, bridgeVersion, newBridgeToken } from '../../../core/game-link/bridge/install';
import { BRIDGE_SCRIPT } from '../../../core/game-link/bridge/protocol';
import { watchBridgeVersion } from '../../../core/game-link/bridge/version-check';
import { GameLink } from '../../../core/game-link/link';
import { TestGame } from '../../support/game-client';
import { bridgeSource, runBridgeFiles } from '../../support/in-game';

describe('bridge version check', () => {
  it('replaces a bridge older than the tool\'s (restored from a save) and tells the player how to restart it, once', async (t) => {
    const token = newBridgeToken();
    const link = new GameLink({ server: { port: 0 }, bridge: { token } });
    await link.server.start();
    t.after(() => link.stop());
    const notices: string[] = [];
    let told: () => void;
    const firstNotice = new Promise<void>((done) => (told = done));
    const notify = (text: string) => (notices.push(text), told());
    const stop = watchBridgeVersion(link, { source: bridgeSource(), target: () => ({ server: 'home', liveness: false }), notify });
    t.after(stop);
    const game = await new TestGame({ url: `ws://127.0.0.1:${link.server.status.port}` }).connect();

    // The bridge of an older copy of the tool: another version in its text.
    const expected = bridgeVersion(bridgeSource(), false);
    const current = Object.fromEntries(bridgeFiles(bridgeSource(), { url: link.bridgeUrl(), token, liveness: false }).map((f) => [f.filename, f.content]));
    const old = { ...current, [BRIDGE_SCRIPT]: current[BRIDGE_SCRIPT]!.replace(expected, 'an-older-one') };
    const engine = new PortEngine();
    const outdated = await runBridgeFiles(engine, old, 3);
    await firstNotice;
    assert.match(notices[0]!, /pid 3\) is version an-older-one, not this tool's [0-9a-f]{12}: .*restart it in the game's terminal: kill 3; run bbports-bridge\.js/);
    assert.equal(game.file(BRIDGE_SCRIPT), current[BRIDGE_SCRIPT], 'the current bridge is in the game\'s files');
    outdated.game.kill();
    await outdated.ended;

    // The player restarts it: the new one is this tool's, and nothing more is said.
    const replaced = await runBridgeFiles(engine, Object.fromEntries(game.servers.get('home')!), 1);
    t.after(() => (replaced.game.kill(), replaced.ended));
    await new Promise<void>((done) => {
      const off = link.hub.onLink.on((l) => l?.pid === 1 && (off(), done()));
    });
    assert.equal(link.hub.link?.version, expected);
    assert.equal(notices.length, 1);
  });
});
