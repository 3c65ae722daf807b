import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { workspace } from './helpers';

const main = (body: string, imports = '') => `${imports}\nexport async function main(ns) {\n${body}\n}\n`;

describe('port numbers across the workspace', () => {
  it('resolve through consts, object constants, enums, arithmetic and imports, including root-absolute paths', () => {
    const ws = workspace({
      'lib/ports.js': 'export const PORTS = { CMD: 10, RESULT: 11 } as const;\nexport const BASE = 20;\nexport enum Lane { A = 30, B }\nexport { PORTS as ALIAS };',
      'lib/more.ts': "export { BASE as START } from './ports.js';",
      'a.js': main('ns.writePort(PORTS.CMD, 1); ns.writePort(BASE + 1, 2); ns.readPort(Lane.B);', "import { PORTS, BASE, Lane } from '/lib/ports.js';"),
      'sub/b.ts': main('ns.readPort(P.PORTS.RESULT); ns.peek(START); ns.clearPort(ALIAS.CMD);', "import * as P from '../lib/ports';\nimport { START } from 'lib/more';\nimport { ALIAS } from '/lib/ports.js';"),
    });
    assert.deepEqual(
      ws.portMap().map((e) => [e.port, e.uses.map((u) => `${u.role}@${u.file.replace('/ws/', '')}:${u.line}`)]),
      [
        [10, ['writer@a.js:3', 'clearer@sub/b.ts:5']],
        [11, ['consumer@sub/b.ts:5']],
        [20, ['peeker@sub/b.ts:5']],
        [21, ['writer@a.js:3']],
        [31, ['consumer@a.js:3']],
      ],
    );
  });

  it('never guesses: parameters, lets, computed values and missing modules stay out of the map', () => {
    const ws = workspace({ 'a.js': main('let p = 3; ns.readPort(p); ns.readPort(ns.args[0]); ns.readPort(MISSING.X); function f(q) { ns.readPort(q); }', "import { MISSING } from './nope.js';") });
    assert.deepEqual(ws.portMap(), []);
    assert.deepEqual(ws.diagnostics().filter((d) => d.rule === 'port-invalid-number'), []);
  });

  it('an imported constant that is not a valid port is an error at the use', () => {
    const ws = workspace({ 'c.js': 'export const BAD = 0;', 'a.js': main('ns.writePort(BAD, 1);', "import { BAD } from './c.js';") });
    const d = ws.diagnostics().find((x) => x.rule === 'port-invalid-number');
    assert.ok(d);
    assert.match(d.message, /portNumber must be a positive integer, was 0/);
  });

  it('records message types and shapes written to each port', () => {
    const ws = workspace({ 'w.js': main('const T = "hack"; ns.writePort(5, { type: T, target: "n00dles" }); ns.writePort(5, { type: "grow", threads: 2 }); ns.getPortHandle(5).write({ id: 1 });') });
    assert.deepEqual(ws.portMap()[0]!.messageTypes, ['grow', 'hack']);
    assert.deepEqual(Object.fromEntries(ws.messageShapes(5)), { hack: ['type', 'target'], grow: ['type', 'threads'], '': ['id'] });
  });

  it('an edit re-lints the file and its dependents: changing a shared constant moves the uses', () => {
    const ws = workspace({ 'ports.js': 'export const CMD = 1;', 'a.js': main('ns.writePort(CMD, "go");', "import { CMD } from './ports.js';"), 'b.js': main('ns.readPort(2);') });
    assert.deepEqual(ws.affectedBy('/ws/ports.js').sort(), ['/ws/a.js', '/ws/ports.js']);
    assert.deepEqual(ws.portMap().map((e) => e.port), [1, 2]);
    ws.update('/ws/ports.js', 'export const CMD = 2;');
    assert.deepEqual(ws.portMap().map((e) => [e.port, e.uses.length]), [[2, 2]]);
    assert.ok(ws.affectedBy('/ws/a.js').includes('/ws/b.js'), 'b.js shares port 2 with a.js');
    ws.remove('/ws/b.js');
    assert.deepEqual(ws.portMap().map((e) => [e.port, e.uses.length]), [[2, 1]]);
  });

  it('a file gets findings as soon as a port call is typed into it, and loses them when it goes', () => {
    const ws = workspace({ 'a.js': main('const plan = ns.args[0];\nns.print(plan.x);') });
    assert.deepEqual(ws.diagnostics(), []);
    ws.update('/ws/a.js', main('const plan = ns.readPort(1);\nns.print(plan.x);'));
    assert.deepEqual(ws.diagnostics().map((d) => d.rule).sort(), ['port-no-writer', 'port-read-unchecked']);
    ws.update('/ws/a.js', main('const plan = ns.args[0];\nns.print(plan.x);'));
    assert.deepEqual(ws.diagnostics(), []);
  });

  it('edits re-parsed incrementally give exactly what a fresh lint of the same text gives', () => {
    const steps = [
      main('const h = ns.getPortHandle(3);\nwhile (true) {\n  await h.nextWrite();\n  const m = h.read();\n  ns.print(m.x);\n}'),
      main('const h = ns.getPortHandle(3);\nwhile (true) {\n  await h.nextWrite();\n  const m = h.read();\n  if (!m) continue;\n  ns.print(m.x);\n}'),
      main('const h = ns.getPortHandle(4);\nwhile (true) {\n  const m = h.read();\n  if (!m) continue;\n  ns.print(m.x);\n}'),
      main('const h = ns.getPortHandle(4);\nwhile (true) {\n  const m = h.read();\n  if (m === null) continue;\n  ns.writePort(0, () => 1);\n}'),
      main('function helper(a) { return a * 2; }\nconst h = ns.getPortHandle(4);\nawait ns.writePort(4, helper(2));'),
      main(''),
    ];
    const editing = workspace({ 'a.js': steps[0]! });
    for (const text of steps) {
      editing.update('/ws/a.js', text);
      const fresh = workspace({ 'a.js': text });
      const strip = (ds: ReturnType<typeof fresh.diagnostics>) => ds.map((d) => [d.rule, d.start, d.end, d.message, d.fixes]);
      assert.deepEqual(strip(editing.diagnostics()), strip(fresh.diagnostics()));
      assert.deepEqual(editing.portMap(), fresh.portMap());
    }
  });

  it('hover lookup finds the port under a number or constant', () => {
    const text = main('ns.writePort(PORTS.CMD, 1);', 'const PORTS = { CMD: 4 };');
    const ws = workspace({ 'a.js': text });
    assert.equal(ws.portAt('/ws/a.js', text.indexOf('CMD, 1')), 4);
    assert.equal(ws.portAt('/ws/a.js', text.indexOf('main')), undefined);
  });

  it('hover lookup also finds a port on the name of the constant that defines it, in another file', () => {
    const lib = 'export const PORTS = { CMD: 4, SPARE: 9 } as const;\nexport enum Lane { A = 12 }\nexport const ONE = 1;';
    const ws = workspace({ 'lib.ts': lib, 'a.js': main('ns.writePort(PORTS.CMD, 1); ns.readPort(Lane.A);', "import { PORTS, Lane } from './lib';") });
    assert.equal(ws.portAt('/ws/lib.ts', lib.indexOf('CMD')), 4);
    assert.equal(ws.portAt('/ws/lib.ts', lib.indexOf('A = 12')), 12);
    assert.equal(ws.portAt('/ws/lib.ts', lib.indexOf('SPARE')), undefined, 'no script uses port 9');
    assert.equal(ws.portAt('/ws/lib.ts', lib.indexOf('ONE')), undefined);
  });
});
