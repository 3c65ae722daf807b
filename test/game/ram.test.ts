// The static RAM calculator (core/ram, 2.6.1 table) against the real game's own `mem`, for the examples, the bridge
// and scripts that exercise each static rule. A new game: BitNode 1 without Source-File 4 (singularity costs 16x).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { bridgeFiles } from '../../core/game-link/bridge/install';
import { BRIDGE_SCRIPT } from '../../core/game-link/bridge/protocol';
import { calculateRam, shippedTable } from '../../core/ram';
import { bridgeSource } from '../support/in-game';
import type { Game } from './driver';
import { servedGame, type Serve } from './serve';

const main = (body: string, after = '') => `/** @param {NS} ns */\nexport async function main(ns) {\n${body}\n}\n${after}`;

/** Scripts that exercise the static rules, by game path. */
const RULES: Record<string, string> = {
  'r/empty.js': main(''),
  'r/hack.js': main('await ns.hack("n00dles");'),
  'r/exec-twice.js': main('ns.exec("a.js", "home");', 'function other(ns) { ns.exec("b.js", "home"); }\n'),
  'r/variable-named-like-fn.js': main('const run = 5; ns.print(run + 1);'),
  'r/property-named-like-fn.js': main('const child = { exec() { return 1; } }; child.exec();'),
  'r/assignment-target.js': main('const o = {}; o.scan = 1;'),
  'r/window.js': main('window.innerWidth;'),
  'r/document.js': main('document.title;'),
  'r/window-and-document.js': main('window.x; document.y; window.z;'),
  'r/unused-function.js': main('', 'function unused(ns) { return ns.getServer(); }\n'),
  'r/import-used.js': "import { scanAll } from 'r/lib/util.js';\n" + main('scanAll(ns);'),
  'r/import-unused-fn.js': "import { scanAll } from 'r/lib/util.js';\n" + main('scanAll(ns);'),
  'r/import-namespace.js': "import * as util from 'r/lib/util.js';\n" + main('util.scanAll(ns);'),
  'r/lib/util.js': 'export function scanAll(ns) { return ns.scan("home"); }\nexport function costly(ns) { return ns.getServer("home"); }\n',
  'r/hacknet.js': main('ns.hacknet.numNodes();'),
  'r/stock.js': main('ns.stock.getPrice("ECP");'),
  'r/singularity-no-sf4.js': main('ns.singularity.connect("home");'),
  'r/corporation.js': main('ns.corporation.getCorporation();'),
  'r/only-in-2.6.1.js': main('ns.singularity.getAugmentationFactions("NeuroFlux Governor"); ns.stock.nextUpdate();'),
  'r/strings-and-comments.js': main('// ns.exec("a.js")\nconst s = "getServer"; ns.print(s);'),
  'r/computed-member.js': main('ns["exec"]("a.js", "home");'),
  'r/destructured.js': main('const { getServer } = ns;'),
  'r/destructured-called.js': main('const { hack } = ns; await hack("n00dles");'),
  'r/class-method.js': main('new Scanner(ns).scan();', 'class Scanner { constructor(ns) { this.ns = ns; } scan() { return 1; } }\n'),
  'r/ports-only.js': main('const h = ns.getPortHandle(1); h.write(1); h.read(); ns.writePort(2, 1); ns.readPort(2); ns.peek(2); ns.clearPort(2); await ns.nextPortWrite(2);'),
  'r/formulas.js': main('ns.formulas.hacking.hackTime(ns.getServer("n00dles"), ns.getPlayer());'),
  'r/many.js': main('ns.scan(); ns.grow("a"); ns.weaken("a"); ns.getServerMaxRam("home"); ns.isRunning(1); ns.kill(1);'),
};

/** Every file of the examples, by path under its example folder (their /lib imports start at the game's root). */
function exampleFiles(): Record<string, string> {
  const root = join(__dirname, '../../examples');
  const out: Record<string, string> = {};
  const walk = (dir: string, base: string) => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) walk(path, base);
      else if (name.endsWith('.js')) out[relative(base, path).split('\\').join('/')] = readFileSync(path, 'utf8');
    }
  };
  for (const example of readdirSync(root)) walk(join(root, example), join(root, example));
  return out;
}

describe("static RAM equals the real game's mem (2.6.1)", () => {
  let game: Game;
  let serve: Serve;
  let close: () => Promise<void> = async () => undefined;
  const files: Record<string, string> = { ...RULES, ...exampleFiles() };
  before(async () => {
    ({ game, serve, close } = await servedGame(files));
    await serve.waitFor(/bridge/);
  });
  after(() => close());

  /** The game's `mem` for a script, read from a cleared terminal. */
  async function mem(path: string): Promise<number> {
    await game.terminal('clear');
    await game.terminal(`mem ${path}`);
    const text = await game.waitForTerminal(/requires [\d.]+GB of RAM|[Ee]rror|[Nn]o such|[Ii]nvalid|not (found|exist)/);
    const found = /requires ([\d.]+)GB of RAM/.exec(text);
    if (!found) throw new Error(`mem ${path} printed no RAM:\n${text}`);
    return Number(found[1]);
  }

  it('for every script that exercises a rule, and every example', async () => {
    const others = new Map(Object.entries(files));
    const table = shippedTable('2.6.1');
    const wrong: string[] = [];
    const scripts = Object.keys(files).filter((p) => !p.includes('lib/'));
    for (const path of scripts) {
      const estimate = calculateRam(files[path] as string, { path, otherScripts: others, table, sourceFile4: 0 });
      assert.ok(estimate.ok, `${path}: ${!estimate.ok && estimate.reason}`);
      const real = await mem(path);
      if (real !== estimate.ram) wrong.push(`${path}: game ${real} GB, estimate ${estimate.ram} GB`);
    }
    assert.ok(scripts.length >= 30, `only ${scripts.length} scripts`);
    assert.deepEqual(wrong, []);
  });

  it('for the bridge as serve installs it', async () => {
    const [script] = bridgeFiles(bridgeSource(), { url: 'ws://127.0.0.1:1/bridge', token: 't', liveness: false });
    const estimate = calculateRam(script!.content, { path: BRIDGE_SCRIPT, table: shippedTable('2.6.1') });
    assert.ok(estimate.ok);
    assert.equal(await mem(BRIDGE_SCRIPT), estimate.ram);
  });
});
