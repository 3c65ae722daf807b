import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PortEngine, type GameVersion, type NsPorts } from '../../../core/engine';

// What a script's catch sees: the facade throws what the game throws (shared/reference/game.md §1), per version.
// The scripts are real module files, so the Stack part is built from real stack frames as the game builds it.

type Main = (ns: NsPorts, ...args: unknown[]) => unknown;
let dir: string;
const scripts: Record<string, Main> = {};

const SOURCES: Record<string, string> = {
  'call.mjs': 'export function main(ns, fn, ...args) {\n  return ns[fn](...args);\n}\n',
  'deep.mjs': [
    'function f1(ns, fn, v) { return f2(ns, fn, v); }',
    'function f2(ns, fn, v) { return f3(ns, fn, v); }',
    'function f3(ns, fn, v) { return f4(ns, fn, v); }',
    'function f4(ns, fn, v) { return f5(ns, fn, v); }',
    'function f5(ns, fn, v) { return f6(ns, fn, v); }',
    'function f6(ns, fn, v) { return f7(ns, fn, v); }',
    'function f7(ns, fn, v) { return ns[fn](v); }',
    'export function main(ns, fn, v) { return f1(ns, fn, v); }',
    '',
  ].join('\n'),
  'uses-lib.mjs': "import { send } from './lib/send.mjs';\nexport function main(ns) {\n  return send(ns);\n}\n",
  'lib/send.mjs': 'export function send(ns) {\n  return ns.writePort(0, "x");\n}\n',
};

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'bbports-texts-'));
  mkdirSync(join(dir, 'lib'));
  for (const [name, text] of Object.entries(SOURCES)) writeFileSync(join(dir, name), text);
  for (const name of ['call.mjs', 'deep.mjs', 'uses-lib.mjs']) scripts[name] = ((await import(pathToFileURL(join(dir, name)).href)) as { main: Main }).main;
});
after(() => rmSync(dir, { recursive: true, force: true }));

/** Calls a script's main as the game does: a plain call, not a method call. */
function run(name: string, ns: NsPorts, ...args: unknown[]): unknown {
  const main = scripts[name] as Main;
  return main(ns, ...args);
}

function thrown(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  assert.fail('expected a throw');
}

function nsOf(version: GameVersion, script = 'call.mjs', root?: string): NsPorts {
  return new PortEngine().nsFor({ script, host: 'n00dles', pid: 7, root }, { version });
}

function cloneMessage(value: unknown): string {
  return (thrown(() => structuredClone(value)) as Error).message;
}

const HEAD = 'call.mjs@n00dles (PID - 7)';
const STACK = '\n\nStack:\ncall.mjs:L2@main';

describe('the ns facade throws the game strings for bad port numbers', () => {
  const cases: [unknown, GameVersion, string][] = [
    ['abc', '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' must be a number. Is of type 'string', value: 'abc'${STACK}`],
    ['abc', '2.6.1', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' should be a number. Is of type 'string', value: 'abc'${STACK}`],
    [{}, '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' must be a number. Is of type 'object', value: '{}'${STACK}`],
    [null, '2.6.1', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' should be a number. Is null.${STACK}`],
    [undefined, '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' must be a number. Is undefined.${STACK}`],
    [{ a: 'a long string here' }, '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' must be a number. Is of type 'object', value: '{"a":"a long...'${STACK}`],
    ['', '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: 'portNumber' must be a number. Is of type 'string', value: empty string${STACK}`],
    [NaN, '3.x', `RUNTIME ERROR\n${HEAD}\n\nreadPort: 'portNumber' is NaN.${STACK}`],
    [NaN, '2.6.1', `RUNTIME ERROR\n${HEAD}\n\nreadPort: 'portNumber' is NaN.${STACK}`],
    [0, '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: portNumber must be a positive integer, was 0${STACK}`],
    ['-2', '2.6.1', `TYPE ERROR\n${HEAD}\n\nreadPort: portNumber should be a positive integer, was -2${STACK}`],
    [1.5, '2.6.1', `TYPE ERROR\n${HEAD}\n\nreadPort: portNumber should be a positive integer, was 1.5${STACK}`],
    [Infinity, '3.x', `TYPE ERROR\n${HEAD}\n\nreadPort: portNumber must be a positive integer, was Infinity${STACK}`],
    [2 ** 53, '3.x', `RUNTIME ERROR\n${HEAD}\n\nreadPort: Trying to use an invalid port: 9007199254740992. Must be less or equal to 9007199254740991.${STACK}`],
    [2 ** 53, '2.6.1', `RUNTIME ERROR\n${HEAD}\n\nreadPort: Trying to use an invalid port: 9007199254740992. Must be less or equal to 9007199254740991.${STACK}`],
  ];
  for (const [value, version, text] of cases) {
    it(`${version}: readPort(${typeof value === 'string' ? `'${value}'` : String(value)}) throws the game's string`, () => {
      const e = thrown(() => run('call.mjs', nsOf(version), 'readPort', value));
      assert.equal(typeof e, 'string', 'the game throws a string, so e.message is undefined');
      assert.equal(e, text);
    });
  }
  it('names every port function the script called', () => {
    const ns = nsOf('3.x');
    for (const fn of ['writePort', 'tryWritePort', 'readPort', 'peek', 'clearPort', 'nextPortWrite', 'getPortHandle', 'isFullPort', 'isEmptyPort']) {
      const args = fn.endsWith('WritePort') || fn === 'writePort' ? [0, 'x'] : [0];
      assert.equal(thrown(() => run('call.mjs', ns, fn, ...args)), `TYPE ERROR\n${HEAD}\n\n${fn}: portNumber must be a positive integer, was 0${STACK}`);
    }
  });
  it('shows as many script frames as the game has room for under its 10-frame stack', () => {
    const frames = (value: unknown) => (thrown(() => run('deep.mjs', nsOf('3.x', 'deep.mjs'), 'readPort', value)) as string).split('Stack:\n')[1];
    // The game spends 6 frames inside itself for a non-number, 5 for a non-integer, 4 above the maximum.
    assert.equal(frames('x'), 'deep.mjs:L7@f7\ndeep.mjs:L6@f6\ndeep.mjs:L5@f5\ndeep.mjs:L4@f4');
    assert.equal(frames(-1), 'deep.mjs:L7@f7\ndeep.mjs:L6@f6\ndeep.mjs:L5@f5\ndeep.mjs:L4@f4\ndeep.mjs:L3@f3');
    assert.equal(frames(2 ** 53), 'deep.mjs:L7@f7\ndeep.mjs:L6@f6\ndeep.mjs:L5@f5\ndeep.mjs:L4@f4\ndeep.mjs:L3@f3\ndeep.mjs:L2@f2');
  });
  it('names frames of imported scripts by their path under the root, as the game does', () => {
    const e = thrown(() => run('uses-lib.mjs', nsOf('3.x', 'uses-lib.mjs', dir)));
    assert.equal(e, 'TYPE ERROR\nuses-lib.mjs@n00dles (PID - 7)\n\nwritePort: portNumber must be a positive integer, was 0\n\nStack:\nlib/send.mjs:L2@send\nuses-lib.mjs:L3@main');
  });
  it('leaves the Stack part out when no script frame is on the stack', () => {
    assert.equal(thrown(() => nsOf('3.x').readPort(0)), `TYPE ERROR\n${HEAD}\n\nreadPort: portNumber must be a positive integer, was 0`);
  });
  it('engine.ns and a facade named by an actor tag stand for script.js@home (PID - 0)', () => {
    const engine = new PortEngine({ version: '2.6.1' });
    assert.equal(thrown(() => engine.ns.peek(0)), 'TYPE ERROR\nscript.js@home (PID - 0)\n\npeek: portNumber should be a positive integer, was 0');
    assert.equal(thrown(() => engine.nsFor('relay').peek(0)), 'TYPE ERROR\nrelay@home (PID - 0)\n\npeek: portNumber should be a positive integer, was 0');
  });
});

describe('the ns facade throws the game errors for values it cannot clone', () => {
  const bad: [string, unknown][] = [
    ['a function', () => 1],
    ['a Promise', Promise.resolve(1)],
    ['a Proxy (as ns is)', new Proxy({}, {})],
    ['an object with a method', { f() {} }],
  ];
  for (const [what, value] of bad) {
    it(`3.x: ${what} gives an Error with the bare unserializable text and the clone error as cause`, () => {
      const ns = nsOf('3.x');
      for (const e of [thrown(() => ns.writePort(1, value)), thrown(() => ns.tryWritePort(1, value)), thrown(() => ns.getPortHandle(1).write(value))]) {
        assert.ok(e instanceof Error);
        assert.equal(e.message, "You can't send Functions, Promises, NS, or other unserializable data through ports!");
        assert.equal((e.cause as Error).name, 'DataCloneError');
      }
      assert.equal(ns.isEmptyPort(1), true);
    });
    it(`2.6.1: ${what} gives the browser's DataCloneError`, () => {
      const ns = nsOf('2.6.1');
      for (const e of [thrown(() => ns.writePort(1, value)), thrown(() => ns.getPortHandle(1).tryWrite(value))]) {
        assert.ok(e instanceof DOMException);
        assert.equal(e.name, 'DataCloneError');
        // V8's own clone text (`() => 1 could not be cloned.`), prefixed as Chromium does for window.structuredClone.
        assert.equal(e.message, `Failed to execute 'structuredClone' on 'Window': ${cloneMessage(value)}`);
      }
      assert.equal(ns.getPortHandle(1).empty(), true);
    });
  }
});

describe('isFullPort and isEmptyPort on the facade', () => {
  it('3.x: exactly full() and empty() of that port', () => {
    const engine = new PortEngine({ capacity: 2 });
    const ns = engine.nsFor({ script: 'a.js', host: 'home', pid: 1 });
    const h = ns.getPortHandle(3);
    for (const write of [false, true, true]) {
      if (write) ns.writePort(3, 'x');
      assert.deepEqual([ns.isFullPort(3), ns.isEmptyPort('3')], [h.full(), h.empty()]);
    }
    assert.deepEqual([ns.isFullPort(3), ns.isEmptyPort(3)], [true, false]);
  });
  it('2.6.1: absent, as in that game', () => {
    const ns = nsOf('2.6.1');
    assert.equal('isFullPort' in ns, false);
    assert.equal('isEmptyPort' in ns, false);
  });
});
