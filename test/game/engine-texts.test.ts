// The same checks (test/game/scripts/engine-texts.js) as a game script inside the real Bitburner 2.6.1 and on the
// engine's ns facade with version 2.6.1: every outcome and every thrown value (kind, text, stack part) must be equal.
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { after, before, describe, it } from 'node:test';
import { PortEngine } from '../../core/engine';
import type { Game } from './driver';
import { servedGame } from './serve';

const SCRIPT = 'engine-texts.js';

interface Report {
  pid: number;
  results: { name: string; returned?: string; threw?: Record<string, unknown> }[];
}

/** The report the script prints as `ENGINE-TEXTS {json}`. */
function parseReport(text: string): Report {
  const line = text.split('\n').find((l) => l.includes('ENGINE-TEXTS {'));
  assert.ok(line, `the script printed no report; the terminal shows:\n${text}`);
  return JSON.parse(line.slice(line.indexOf('{'))) as Report;
}

/** Runs the same file on the engine (an ES module folder of its own), as `<script>@home` with the game's pid. */
async function runOnEngine(pid: number): Promise<Report> {
  const root = mkdtempSync(join(tmpdir(), 'bbports-texts-node-'));
  copyFileSync(join(__dirname, 'scripts', SCRIPT), join(root, SCRIPT));
  writeFileSync(join(root, 'package.json'), '{ "type": "module" }\n');
  const script = (await import(pathToFileURL(join(root, SCRIPT)).href)) as { main: (ns: object) => Promise<void> };
  const engine = new PortEngine({ version: '2.6.1' });
  let printed = '';
  const base = { ...engine.nsFor({ script: SCRIPT, host: 'home', pid, root }, { version: '2.6.1' }), pid, tprint: (s: string) => (printed += `${SCRIPT}: ${s}\n`) };
  // A Proxy, as the game's ns is: writing ns to a port is refused the same way. The game calls main on the module
  // (its frames read `Module.main`), so the engine's run does too.
  await script.main(new Proxy(base, {}));
  return parseReport(printed);
}

describe('the engine throws what the real game 2.6.1 throws', () => {
  let game: Game;
  let close: () => Promise<void> = async () => undefined;
  before(async () => {
    ({ game, close } = await servedGame({ [SCRIPT]: readFileSync(join(__dirname, 'scripts', SCRIPT), 'utf8') }));
  });
  after(() => close());

  it('gives every check the same outcome and the same thrown text', async () => {
    await game.terminal(`run ${SCRIPT}`);
    const inGame = parseReport(await game.waitForTerminal(/ENGINE-TEXTS \{/, 60_000));
    const onEngine = await runOnEngine(inGame.pid);
    assert.ok(inGame.results.length >= 40, `only ${inGame.results.length} checks ran in the game`);
    const differ = inGame.results.filter((r, i) => JSON.stringify(r) !== JSON.stringify(onEngine.results[i]));
    assert.deepEqual(onEngine.results.filter((r) => differ.some((d) => d.name === r.name)), differ, `${differ.length} of ${inGame.results.length} checks differ`);
    assert.equal(onEngine.results.length, inGame.results.length);
  });
});
