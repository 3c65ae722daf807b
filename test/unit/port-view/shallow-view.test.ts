import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { NewPorts } from '../../../core/port-view/new-ports';
import { portContext, seenText } from '../../../core/port-view/shallow-view';
import type { PortState } from '../../../core/port-view/source';

const shallow: PortState = { port: 4, capacity: 50, items: ['job'], complete: false, full: false, evicted: [] };

/** The `when` clause of a Ports-view item menu entry for a command, from package.json. */
function whenOf(command: string): RegExp {
  const pkg = JSON.parse(readFileSync(join(__dirname, '../../../package.json'), 'utf8'));
  const entry = pkg.contributes.menus['view/item/context'].find((m: { command: string; when: string }) => m.command === `bitburnerPorts.bridge.${command}` && m.when.includes('viewItem =~ /^port'));
  const source = /viewItem =~ \/(.*)\//.exec(entry.when)![1]!.replace(/\\\\/g, '\\');
  return new RegExp(source);
}

describe('game ports seen without deep view', () => {
  it('say what the bridge noticed, and nothing when the depth is known', () => {
    const clock = () => '12:03:04';
    assert.equal(seenText({ ...shallow, seen: { writes: 30, frontChanges: 2, lastChange: 1 } }, clock), '30 writes seen · front changed 2× · last change 12:03:04');
    assert.equal(seenText({ ...shallow, seen: { writes: 1, frontChanges: 0 } }, clock), '1 write seen');
    assert.equal(seenText({ ...shallow, complete: true, seen: { writes: 3, frontChanges: 0 } }, clock), '');
  });

  it('offer Pin xor Unpin and Deep View On xor Off, whichever applies', () => {
    const menus = { pin: whenOf('pinPort'), unpin: whenOf('unpinPort'), on: whenOf('deepViewOn'), off: whenOf('deepViewOff') };
    for (const pinned of [false, true]) {
      for (const deep of [false, true]) {
        for (const full of [false, true]) {
          const context = portContext('game', { ...shallow, full, watch: { pinned, deep } });
          const offered = Object.entries(menus).filter(([, when]) => when.test(context)).map(([name]) => name);
          assert.deepEqual(offered, [pinned ? 'unpin' : 'pin', deep ? 'off' : 'on'], context);
        }
      }
    }
    assert.equal(portContext('engine', { ...shallow, full: true }), 'port.engine.full');
    assert.ok(!Object.values(menus).some((when) => when.test('port.engine')), 'engine ports have no game menus');
  });
});

describe('new game ports in the Ports view', () => {
  it('are told apart from those listed before, but a first listing is not news', () => {
    const news = new NewPorts();
    assert.deepEqual(news.take('game', [1, 2]), []);
    assert.deepEqual(news.take('game', [1, 2, 9, 4]), [4, 9]);
    assert.deepEqual(news.take('game', [1, 9]), []);
    assert.deepEqual(news.take('game', [1, 2, 9]), [2], 'a port that emptied and came back is news again');
    news.forget('game');
    assert.deepEqual(news.take('game', [1, 2, 3]), []);
  });
});
