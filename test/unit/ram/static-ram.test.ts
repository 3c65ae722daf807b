import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateRam, type RamOptions } from '../../../core/ram';

/** RAM in GB as the game's static check would charge it; fails on a script the game would reject. */
function ram(code: string, options?: RamOptions): number {
  const result = calculateRam(code, options);
  if (!result.ok) assert.fail(`rejected (${result.code}): ${result.reason}`);
  return result.ram;
}
const main = (body: string) => `/** @param {NS} ns */\nexport async function main(ns) {\n${body}\n}\n`;

describe('static RAM (the game\'s calculator): ns functions', () => {
  it('charges 1.6 GB for any script, plus each ns function it names', () => {
    assert.equal(ram(main('')), 1.6);
    assert.equal(ram(main('await ns.hack("n00dles");')), 1.7);
    assert.equal(ram(main('ns.exec("a.js", "home");')), 2.9);
    assert.equal(ram(main('ns.getServer();')), 3.6);
    assert.equal(ram(main('ns.scan(); ns.grow("a"); ns.weaken("a");')), 2.1);
  });

  it('charges a name once however often it appears', () => {
    assert.equal(ram(main('ns.exec("a.js"); ns.exec("b.js");') + 'function other(ns) { ns.exec("c.js"); }'), 2.9);
  });

  it('lists what it charged, with namespaced functions by their place in the API and the lines that cause it', () => {
    const result = calculateRam(main('ns.stock.getPrice("ECP");\nns.isRunning(1);\nns.isRunning(2); ns.isRunning(3);'));
    assert.deepEqual(result, {
      ok: true,
      ram: 3.7,
      entries: [
        { name: 'baseCost', cost: 1.6, sites: [] },
        { name: 'stock.getPrice', cost: 2, sites: [{ path: 'script.js', line: 3 }] },
        { name: 'isRunning', cost: 0.1, sites: [{ path: 'script.js', line: 4 }, { path: 'script.js', line: 5 }] },
      ],
    });
  });

  it('costs nothing for ports, read/write, sleep, print and atExit', () => {
    const code = main(`
      const h = ns.getPortHandle(1);
      h.write(1); h.tryWrite(2); h.read(); h.peek(); h.clear(); h.empty(); h.full(); await h.nextWrite();
      ns.writePort(2, "x"); ns.tryWritePort(2, "y"); ns.readPort(2); ns.peek(2); ns.clearPort(2); await ns.nextPortWrite(2);
      ns.write("a.txt", "x"); ns.read("a.txt"); await ns.sleep(10); await ns.asleep(10); ns.print("x"); ns.tprint("x");
      ns.atExit(() => {}); ns.disableLog("ALL");`);
    assert.equal(ram(code), 1.6);
  });
});

describe('static RAM: names, not calls', () => {
  it('charges a property of any object named like an ns function', () => {
    assert.equal(ram(main('const child = { exec() {} }; child.exec();')), 2.9);
    assert.equal(ram(main('const sock = { run: 1 }; sock.run = 2;')), 2.6);
  });

  it('charges a local function or variable named like an ns function where it is read', () => {
    assert.equal(ram(main('scan(ns);') + 'function scan(ns) { return []; }'), 1.8);
    assert.equal(ram(main('const { exec } = ns; exec("a.js");')), 2.9);
  });

  it('does not charge names that are only declared, keys, labels, strings or comments', () => {
    const code = main(`
      const exec = 1; let kill; function spawn(run, scp = 0) {}
      const { getServer } = ns;
      const o = { exec: 1, run() {}, ["rm".length]: 0 };
      class C { kill() {} #scan = 1; }
      ps: for (;;) break ps;
      ns.print("exec"); // ns.exec(), ns.getServer()
      /* ns.connect() */`);
    assert.equal(ram(code), 1.6);
  });

  it('charges a computed key, a default value and a shorthand property', () => {
    assert.equal(ram(main('const o = { [hack]: 1 };')), 1.7);
    assert.equal(ram(main('const { a = grow } = {};')), 1.75);
    assert.equal(ram(main('const o = { weaken };')), 1.75);
  });

  it('charges 25 GB once each for window and document, 4 GB for hacknet', () => {
    assert.equal(ram(main('window.x = 1; window.y = 2;')), 26.6);
    assert.equal(ram(main('const w = window; const d = document;')), 51.6);
    assert.equal(ram(main('ns.hacknet.numNodes();')), 5.6);
  });

  it('leaves the browser\'s own globals free', () => {
    assert.equal(ram(main('const s = new WebSocket("ws://127.0.0.1:1"); JSON.stringify(globalThis); setTimeout(() => {}, 1);')), 1.6);
  });
});

describe('static RAM: namespaces and limits', () => {
  it('charges singularity functions 16x without Source-File 4, as listed from level 3', () => {
    assert.equal(ram(main('ns.singularity.connect("n00dles");')), 33.6);
    assert.equal(ram(main('ns.singularity.connect("n00dles");'), { sourceFile4: 2 }), 9.6);
    assert.equal(ram(main('ns.singularity.connect("n00dles");'), { sourceFile4: 3 }), 3.6);
  });

  it('caps a script at 1024 GB', () => {
    assert.equal(ram(main('ns.corporation.getCorporation(); ns.corporation.getDivision("x");')), 1024);
  });
});

describe('static RAM: imports', () => {
  const otherScripts = new Map([
    ['lib/util.js', 'export function launch(ns) { ns.exec("a.js"); }\nexport function look(ns) { return ns.scan(); }\n'],
    ['lib/index.js', 'export { launch as start } from "lib/util.js";\n'],
  ]);

  it('charges the imported functions a script uses, not the rest of the module', () => {
    assert.equal(ram(`import { launch } from "./lib/util.js";\n${main('launch(ns);')}`, { otherScripts }), 2.9);
    assert.equal(ram(`import { look as l } from "lib/util";\n${main('l(ns);')}`, { otherScripts }), 1.8);
  });

  it('charges a whole module imported as a namespace or by default', () => {
    assert.equal(ram(`import * as util from "lib/util.js";\n${main('util.look(ns);')}`, { otherScripts }), 3.1);
    assert.equal(ram(`import util from "lib/util.js";\n${main('util(ns);')}`, { otherScripts }), 3.1);
  });

  it('follows a re-export', () => {
    assert.equal(ram(`import { start } from "lib/index.js";\n${main('start(ns);')}`, { otherScripts }), 2.9);
  });

  it('resolves ./ and ../ from the importing script\'s folder, other paths from the server\'s root', () => {
    const path = 'bin/run.js';
    assert.equal(ram(`import { look } from "../lib/util.js";\n${main('look(ns);')}`, { path, otherScripts }), 1.8);
    assert.equal(ram(`import { look } from "lib/util.js";\n${main('look(ns);')}`, { path, otherScripts }), 1.8);
    assert.equal(code(`import { look } from "./lib/util.js";\n${main('look(ns);')}`, { path, otherScripts }), -2);
  });

  it('rejects a missing import (-2), an import above the root and a script that does not parse (-1), as the game does', () => {
    assert.equal(code(`import { x } from "nowhere.js";\n${main('x();')}`, { otherScripts }), -2);
    assert.equal(code(`import { x } from "../up.js";\n${main('x();')}`, { otherScripts }), -1);
    assert.equal(code(main('ns.hack('), { otherScripts }), -1);
  });
});

/** The game's error code for a script it cannot size; undefined when it can. */
function code(script: string, options: RamOptions): number | undefined {
  const result = calculateRam(script, options);
  return result.ok ? undefined : result.code;
}
