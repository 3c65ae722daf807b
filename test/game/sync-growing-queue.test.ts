// A queue growing in the real game (Bitburner 2.6.1) behind the same front item, watched without deep view: the Game
// root's state and the dashboard's model say the depth is unknown and show the writes the bridge noticed, instead of
// a frozen "1/50".
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { DashboardFeed } from '../../core/dashboard/feed';
import { DashboardModel } from '../../core/dashboard/model';
import { depthText, type ToWebview } from '../../core/dashboard/protocol';
import { GameSource } from '../../core/game-link/bridge/game-source';
import type { GameLink } from '../../core/game-link/link';
import { fillText } from '../../core/port-view/source';
import { seenText } from '../../core/port-view/shallow-view';
import type { Game } from './driver';
import { linkedGame } from './linked-game';

const WRITER = 'export async function main(ns) { for (let i = 1; i <= 30; i++) { ns.writePort(4, { job: i }); await ns.sleep(50); } ns.tprint("writer wrote 30"); }\n';

describe('a game queue growing without deep view', () => {
  let game: Game;
  let link: GameLink;
  before(async () => {
    ({ game, link } = await linkedGame({ pollMs: 100 }));
    link.hub.setWatch([4], []);
  });
  after(async () => {
    await game?.close();
    await link?.stop();
  });

  it('shows writes seen rising in the tree\'s state and an unknown depth in the dashboard model', async (t) => {
    const source = new GameSource(link.server, link.hub, { capacity: () => 50, pinned: () => new Set([4]) });
    const model = new DashboardModel();
    let checks: (() => void)[] = [];
    const recheck = () => checks.forEach((c) => c());
    const feed = new DashboardFeed([source], {
      post: (m: ToWebview) => {
        if (m.type === 'state') model.reset(m.state);
        if (m.type === 'delta') model.apply(m.delta);
        recheck();
      },
    });
    feed.sendState();
    const seenWrites: number[] = [];
    const stop = source.watch(() => {
      const w = source.ports().find((p) => p.port === 4)?.seen?.writes;
      if (w !== undefined && w !== seenWrites[seenWrites.length - 1]) seenWrites.push(w);
    });
    try {
      await link.server.call('pushFile', { filename: 'writer.js', content: WRITER, server: 'home' });
      await game.terminal('run writer.js');
      await game.waitForTerminal(/writer wrote 30/);
      // The writes noticed reach the dashboard's model with the feed's next message.
      const state = await new Promise<ReturnType<GameSource['ports']>[number]>((done) => {
        checks = [
          () => {
            const s = source.ports().find((p) => p.port === 4);
            if (s?.seen?.writes && model.ports.get('port:game:4')?.writes === s.seen.writes) done(s);
          },
        ];
        recheck();
      });
      assert.equal(state.complete, false);
      assert.equal(fillText(state), '≥1/50');
      assert.deepEqual(state.items, [{ job: 1 }]);
      assert.ok(seenWrites.length > 1 && seenWrites.every((w, i) => i === 0 || w > seenWrites[i - 1]!), `writes seen rise: ${seenWrites.join(', ')}`);
      assert.match(seenText(state), /^\d+ writes seen · last change /);
      const view = model.ports.get('port:game:4')!;
      assert.equal(view.depthUnknown, true);
      assert.equal(depthText(view), '≥1/50');
      assert.equal(view.writes, state.seen!.writes);
      t.diagnostic(`writes seen by the bridge: ${state.seen!.writes} of 30`);
    } finally {
      stop();
      feed.dispose();
    }
  });
});
