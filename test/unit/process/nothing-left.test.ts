import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { parseDefinition } from '../../../core/process';
import { MemoryStore, PortRegistry } from '../../../core/registry';
import { childPid, ended, isRunning, manager, program } from './helpers';

const cli = new URL('../../../dist/cli.js', import.meta.url).pathname;
/** The program: it forks a child that keeps stdout open, says the child's pid, and exits at once. */
const FORKS = 'sleep 120 & echo child=$!; exit 0';
/** A parent that ignores SIGTERM and waits for its foreground child, which holds the pipes (and ignores it too). */
const WAITS = "trap '' TERM; sleep 120 & echo child=$!; wait";

const sh = (script: string, fields: Record<string, unknown> = {}) => parseDefinition({ tag: 'forks', command: 'sh', args: ['-c', script], outputPort: 1, stopGraceSeconds: 1, ...fields });

describe('nothing left running', () => {
  it('stop ends even when a child holds the pipes, and the child is gone', { timeout: 10_000 }, async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(sh(FORKS));
    await p.start();
    const child = await childPid(engine, 1);
    assert.ok(isRunning(child));
    assert.equal(p.status, 'running', 'the pipes are open: output may still come');
    await p.stop();
    assert.equal(p.status, 'stopped');
    assert.equal(isRunning(child), false, `child ${child} was left running`);
  });

  it('a parent that ignores SIGTERM while its foreground child holds the pipe: SIGKILL to the group ends both', { timeout: 10_000 }, async () => {
    const engine = new PortEngine();
    const p = manager(engine).define(sh(WAITS, { inputPort: 2 }));
    await p.start();
    const child = await childPid(engine, 1);
    const leader = p.inspect().pid!;
    await p.stop();
    assert.equal(p.inspect().lastExit?.signal, 'SIGKILL');
    assert.equal(isRunning(child), false);
    assert.equal(isRunning(leader), false);
  });

  describe('bbports processes', () => {
    const config = (script: string) => {
      const dir = mkdtempSync(join(tmpdir(), 'bbports-groups-'));
      writeFileSync(join(dir, 'bbports.json'), JSON.stringify({ processes: [{ name: 'forks', command: 'sh', args: ['-c', script], outputPort: 1, stopGraceSeconds: 1 }] }));
      return join(dir, 'bbports.json');
    };
    /** Runs the built CLI as a real child process and resolves with it and the pid its program's child printed. */
    const startCli = async (script: string) => {
      assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
      const run = spawn(process.execPath, [cli, 'processes', '--config', config(script), '--echo'], { stdio: ['ignore', 'pipe', 'pipe'] });
      const lines: string[] = [];
      const err: string[] = [];
      createInterface({ input: run.stderr }).on('line', (l) => err.push(l));
      const out = createInterface({ input: run.stdout });
      const pid = await new Promise<number>((resolve) =>
        out.on('line', (line) => {
          lines.push(line);
          const m = /^\[forks\] child=(\d+)$/.exec(line);
          if (m) resolve(Number(m[1]));
        }),
      );
      return { run, pid, lines, err };
    };

    it('Ctrl+C (SIGINT) stops every program and its children, prints the ports, and exits', { timeout: 15_000 }, async () => {
      const { run, pid, lines, err } = await startCli(FORKS);
      assert.ok(isRunning(pid));
      run.kill('SIGINT');
      const [code] = await once(run, 'exit');
      assert.equal(isRunning(pid), false, `child ${pid} was left running`);
      assert.equal(code, 0);
      assert.ok(err.includes('stopping the programs (Ctrl+C again to kill them now)'), err.join('\n'));
      assert.ok(lines.some((l) => /^1\s+1\/50\s+"child=\d+"/.test(l)), lines.join('\n'));
    });

    it('a crash of the tool (SIGKILL: no handler runs) leaves no program behind', { timeout: 15_000 }, async () => {
      const { run, pid } = await startCli(FORKS);
      run.kill('SIGKILL');
      await once(run, 'exit');
      // The crash guard, a process of its own, sees the tool's pipe close and kills the group.
      await ended(pid);
      assert.equal(isRunning(pid), false);
    });
  });

  it('a reservation by the tag of a process defined here is dead unless it runs: freed (not emptied); other tags are kept', async () => {
    const store = new MemoryStore();
    const engine = new PortEngine();
    const before = new PortRegistry({ store, clearPort: (port) => engine.clear(port) });
    before.reserve(60, { kind: 'process', tag: 'echo.js' });
    before.reserve(61, { kind: 'process', tag: 'hud.js' });
    engine.write(60, 'written before the crash');
    // The tool crashed; the next one loads the same registry and defines its processes again.
    const registry = new PortRegistry({ store, clearPort: (port) => engine.clear(port) });
    const m = manager(engine, { registry });
    assert.equal(registry.holder(60)?.owner.kind, 'process');
    const p = m.define(program('echo.js', { inputPort: 62 }));
    assert.equal(registry.holder(60), undefined, 'the crashed run of echo.js held it');
    assert.equal(engine.peek(60), 'written before the crash');
    assert.equal(registry.holder(61)?.owner.kind, 'process', 'a tag reserved by hand, no process of that name here: kept');
    await p.start();
    assert.deepEqual(await registry.sweep(), [], 'running: alive');
    registry.reserve(63, { kind: 'process', tag: 'echo.js' });
    await p.stop();
    assert.deepEqual(await registry.sweep(), [63], 'stopped: its leftover reservation is dead');
  });
});
