import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { TestGame } from '../../support/game-client';
import { runBridgeFiles } from '../../support/in-game';

const CLI = resolve(__dirname, '../../../dist/cli.js');

describe('bbports serve', () => {
  it('pushes the folder and the bridge when the game connects, pushes changes, and prints the game\'s ports', async (t) => {
    assert.ok(existsSync(CLI), 'dist/cli.js exists: run npm run build first');
    const root = await mkdtemp(join(tmpdir(), 'bbports-serve-'));
    t.after(() => rm(root, { recursive: true, force: true }));
    await writeFile(join(root, 'hack.js'), 'export async function main(ns) {}');
    await writeFile(join(root, 'README.md'), 'not for the game');
    const child = spawn(process.execPath, [CLI, 'serve', '--root', root, '--port', '0', '--watch', '3-4'], { stdio: ['ignore', 'pipe', 'pipe'] });
    t.after(() => child.kill('SIGKILL'));
    const lines: string[] = [];
    const waiters: { test: RegExp; done: (m: RegExpMatchArray) => void }[] = [];
    createInterface({ input: child.stdout }).on('line', (line) => {
      lines.push(line);
      for (const w of waiters.splice(0)) {
        const m = lines.join('\n').match(w.test);
        if (m) w.done(m);
        else waiters.push(w);
      }
    });
    const printed = (test: RegExp) =>
      new Promise<RegExpMatchArray>((done) => {
        const m = lines.join('\n').match(test);
        if (m) done(m);
        else waiters.push({ test, done });
      });

    const [, port] = await printed(/listening on ws:\/\/127\.0\.0\.1:(\d+)/);
    const game = await new TestGame({ url: `ws://127.0.0.1:${port}` }).connect();
    await game.until(() => game.file('bbports-bridge.json') !== undefined);
    assert.equal(game.file('hack.js'), 'export async function main(ns) {}');
    assert.equal(game.file('README.md'), undefined);
    await printed(/type: run bbports-bridge\.js  \(1\.60 GB RAM\)/);

    await writeFile(join(root, 'hack.js'), 'export async function main(ns) { /* v2 */ }');
    await game.until(() => game.file('hack.js')?.includes('v2') === true);

    const engine = new PortEngine();
    const bridge = await runBridgeFiles(engine, Object.fromEntries(game.servers.get('home')!));
    engine.ns.writePort(3, { type: 'hack' });
    await printed(/3\s+≥1\/50\s+\{"type":"hack"\}/);

    const exited = new Promise<number | null>((done) => child.once('exit', done));
    child.kill('SIGINT');
    assert.equal(await exited, 0);
    bridge.game.kill();
    await bridge.ended;
  });
});
