// Issue 11 in the real game (Bitburner 2.6.1) against `bbports serve`: the bridge links once and stays the only one,
// a target "game" program follows the link, values keep their kinds, serve's console acts on game ports, a serve
// restart finds the running bridge again, a page reload frees the in-game scripts' reservations; and the latency
// from a game write to serve's output is measured (figures printed, not asserted).
import assert from 'node:assert/strict';
import { copyFileSync, mkdtempSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { after, before, describe, it } from 'node:test';
import { launchGame, type Game } from './driver';
import { startServe, type Serve } from './serve';

/** A program for bbports.json that answers each line on stdin with "echo:" and the line. */
const ECHO = "let b='';process.stdin.setEncoding('utf8');process.stdin.on('data',(d)=>{b+=d;let i;while((i=b.indexOf('\\n'))>=0){process.stdout.write('echo:'+b.slice(0,i)+'\\n');b=b.slice(i+1);}});";

describe('the game link with the real game and bbports serve', () => {
  let game: Game;
  let serve: Serve;
  let root: string;
  let bridgePid: number;
  const args = () => ['--root', root, '--watch', '1-20', '--allow-origin', game.origin];
  /** What serve prints from now on. */
  const mark = () => {
    const at = serve.output().length;
    return () => serve.output().slice(at);
  };
  const console = (line: string) => serve.child.stdin.write(`${line}\n`);

  before(async () => {
    root = mkdtempSync(join(tmpdir(), 'bbports-link-'));
    for (const f of readdirSync(join(__dirname, 'scripts')).filter((f) => f.startsWith('link-'))) copyFileSync(join(__dirname, 'scripts', f), join(root, f));
    writeFileSync(join(root, 'bbports.json'), JSON.stringify({ processes: [{ name: 'echo', command: process.execPath, args: ['-e', ECHO], mode: 'lines', inputPort: 11, outputPort: 12, target: 'game' }] }));
    game = await launchGame();
    serve = await startServe(args());
    await serve.waitFor(/1 on the game's ports start when the game bridge links/);
    await game.connect(serve.port);
    await serve.waitFor(/type: run bbports-bridge\.js  \(1\.60 GB RAM\)/);
  });
  after(async () => {
    await game?.close();
    await serve?.stop();
  });

  it('links the bridge, and only then starts the target "game" program, which talks with a game script', async () => {
    assert.doesNotMatch(serve.output(), /\[echo\] started/, 'not before the bridge links');
    await game.terminal('run bbports-bridge.js');
    bridgePid = Number((await serve.waitFor(/the game bridge connected \(pid (\d+)\)/)).match(/the game bridge connected \(pid (\d+)\)/)![1]);
    await serve.waitFor(/\[echo\] started/);
    await game.terminal('run link-echo.js hello');
    assert.match(await game.waitForTerminal(/echo answered: .*/), /echo answered: echo:hello/);
  });

  it('a second bridge is told another is linked and stops; the first keeps the link', async () => {
    const since = mark();
    await game.terminal('run bbports-bridge.js');
    await game.waitForTerminal(/another bridge \(pid \d+\) is linked\. This one stops/);
    await serve.waitFor(new RegExp(`a second bridge \\(pid \\d+\\) tried to link while pid ${bridgePid} is linked`));
    assert.doesNotMatch(since(), /replaces|disconnected/);
  });

  it('carries every kind of value from the game, and a value it cannot carry spoils only its own port', async () => {
    const since = mark();
    await game.terminal('run link-kinds.js');
    await game.waitForTerminal(/kinds written/);
    await serve.waitFor(/port 14: the front item cannot travel: a Blob cannot travel through the game link/);
    await serve.waitFor(/15\s+≥1\/50\s+"after the blob"/);
    for (const [port, text] of [
      [5, "<ref *1> { name: 'loop', self: [Circular *1] }"],
      [6, "Map(1) { 'a' => 1 }"],
      [8, '10n'],
      [9, '[ undefined, Infinity, -0, NaN ]'],
      [10, 'Set(2) { 1, 2 }'],
      [13, '1970-01-01T00:00:00.000Z'],
    ] as const) {
      console(`peek ${port}`);
      await serve.waitFor(new RegExp(`Port ${port} peek: ${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
    }
    assert.doesNotMatch(since(), /Converting circular structure/);
  });

  it('serve\'s console writes, reads and clears game ports, and checks port numbers with the game\'s texts', async () => {
    console('write 16 {"from":"the tool"}');
    await serve.waitFor(/wrote \{"from":"the tool"\} to port 16/);
    await game.terminal('run link-read.js 16');
    await game.waitForTerminal(/port 16 gave \{"from":"the tool"\}/);
    console('try-write 17 42');
    await serve.waitFor(/tryWrite to port 17: written/);
    console('read 17');
    await serve.waitFor(/Port 17 read: 42/);
    console('read 17');
    await serve.waitFor(/Port 17 read: "NULL PORT DATA" \(the port is empty\)/);
    console('write 0 1');
    await serve.waitFor(/write: portNumber must be a positive integer, was 0/);
    console('peek 1.5');
    await serve.waitFor(/peek: portNumber must be a positive integer, was 1\.5/);
    assert.doesNotMatch(serve.output(), /TYPE ERROR|Stack:/);
  });

  it('measures the latency from a game write to serve\'s output (median and p95 over 60 writes)', async () => {
    const seen = new Map<number, number>();
    const lines = createInterface({ input: serve.child.stdout });
    lines.on('line', (line) => {
      const m = /\{"seq":(\d+),"t":(\d+)\}/.exec(line);
      if (!m || seen.has(Number(m[1]))) return;
      seen.set(Number(m[1]), Date.now() - Number(m[2]));
      // Seen: the script writes the next one once the port is empty again, so no write goes unshown under load.
      console('clear 3');
    });
    await game.terminal('run link-latency.js 60');
    await game.waitForTerminal(/latency writes done/, 60_000);
    await serve.waitFor(/"seq":59,/);
    lines.close();
    const ms = [...seen.values()].sort((a, b) => a - b);
    const at = (q: number) => ms[Math.min(ms.length - 1, Math.floor(q * ms.length))]!;
    process.stdout.write(`# latency game write -> serve output over ${ms.length} writes: median ${at(0.5)} ms, p95 ${at(0.95)} ms, max ${ms[ms.length - 1]} ms\n`);
    assert.equal(ms.length, 60, 'every write was shown');
  });

  it('a restarted serve keeps the token: the running bridge links again by itself, and the program follows', async () => {
    await serve.stop();
    serve = await startServe(args(), serve.port);
    await serve.waitFor(/listening on/);
    await game.connect(serve.port);
    await serve.waitFor(/the game connected/);
    await serve.waitFor(new RegExp(`the game bridge connected \\(pid ${bridgePid}\\)`), 30_000);
    await serve.waitFor(/\[echo\] started/);
    assert.doesNotMatch(serve.output(), /refused a bridge/);
    await game.terminal('run link-echo.js again');
    await game.waitForTerminal(/echo answered: echo:again/);
  });

  it('a page reload frees the reservations of in-game scripts (their pids start again at 1)', async () => {
    await game.terminal('run link-hold.js');
    const held = Number((await game.waitForTerminal(/holding \d+ as pid \d+/)).match(/holding (\d+) as pid/)![1]);
    // The reservation landed: serve watches the reserved port too (20 ports + 1).
    await serve.waitFor(/ · 21 watched/);
    const since = mark();
    await game.save();
    await game.reload();
    const text = await serve.waitFor(new RegExp(`freed ports [\\d, ]*\\b${held}\\b[\\d, ]* held by in-game scripts`), 60_000);
    assert.match(text, /the game bridge connected \(pid \d+\)/);
    assert.match(since(), /the game's ports were emptied/);
  });
});
