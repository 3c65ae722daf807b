import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { PortEngine } from '../../../core/engine';
import { PACE_MS, WriteWindow } from '../../../core/process/write-window';
import { manager, program } from './helpers';

describe('the write-ahead window', () => {
  it('starts at writeAhead and opens to what a fast program answers in PACE_MS, never past the limit', () => {
    const w = new WriteWindow(64, 4096);
    assert.equal(w.size, 64);
    w.busy(0);
    w.answered(64, 0, 0.5); // 128 answers per ms
    assert.equal(w.size, 128 * PACE_MS);
    w.busy(10);
    w.answered(1280, 0, 10.1);
    assert.equal(w.size, 4096, 'capped at the limit');
  });

  it('stays at writeAhead for a slow program, and closes again when a fast one slows down', () => {
    const slow = new WriteWindow(64, 4096);
    slow.busy(0);
    for (let t = 20; t <= 2000; t += 20) slow.answered(1, 10, t);
    assert.equal(slow.size, 64);
    const w = new WriteWindow(64, 4096);
    w.busy(0);
    w.answered(64, 0, 0.1);
    assert.equal(w.size, 4096);
    w.busy(100);
    for (let t = 150; t < 600; t += 50) w.answered(1, 100, t);
    assert.equal(w.size, 64, 'one answer per 50 ms is below the small window');
  });

  it('does not count time with nothing ahead against the program', () => {
    const w = new WriteWindow(64, 4096);
    w.busy(0);
    w.answered(64, 0, 1); // caught up: nothing ahead
    w.busy(5000); // the next message came much later
    w.answered(64, 0, 5001);
    assert.equal(w.size, 640);
  });
});

describe('the window with real programs', () => {
  const sample = (p: ReturnType<ReturnType<typeof manager>['define']>) => p.inspect().flow ?? { ahead: 0, window: 0 };

  it('opens for a program that keeps up (echo.js): everything arrives in order, ahead never past the window', async () => {
    const engine = new PortEngine({ capacity: 50 });
    const p = manager(engine).define(program('echo.js', { inputPort: 1, outputPort: 2 }));
    await p.start();
    const total = 20_000;
    let widest = 0;
    let overshoot = 0;
    const feed = (async () => {
      for (let i = 0; i < total; ) {
        while (i < total && engine.tryWrite(1, String(i))) i++;
        if (i < total) await engine.nextRead(1);
      }
    })();
    for (let got = 0; got < total; ) {
      if (engine.empty(2)) await engine.nextWrite(2);
      const { ahead, window } = sample(p);
      widest = Math.max(widest, window);
      if (ahead > window || window > 4096) overshoot++;
      while (!engine.empty(2)) assert.equal(engine.read(2), String(got++));
    }
    await feed;
    await p.stop();
    assert.equal(overshoot, 0, 'never more ahead than the window, never a window past writeAheadLimit');
    assert.ok(widest > 64, `the window opened past writeAhead (widest ${widest})`);
  });

  it('keeps the small bound for a slow program (paced.py): never more than writeAhead taken and unanswered', async () => {
    const engine = new PortEngine({ capacity: 1000 });
    for (let i = 0; i < 300; i++) engine.write(3, String(i));
    const p = manager(engine).define(program('paced.py', { args: ['3'], inputPort: 3, outputPort: 4 }));
    let most = 0;
    let widest = 0;
    const stop = engine.subscribe(() => {
      const { ahead, window } = sample(p);
      most = Math.max(most, ahead);
      widest = Math.max(widest, window);
    });
    await p.start();
    const seen: unknown[] = [];
    while (seen.length < 100) {
      if (engine.empty(4)) await engine.nextWrite(4);
      seen.push(engine.read(4));
    }
    const left = engine.size(3);
    stop();
    await p.stop();
    assert.deepEqual(seen, Array.from({ length: 100 }, (_, i) => String(i)));
    assert.equal(widest, 64, 'the window stayed at writeAhead');
    assert.ok(most <= 64, `at most writeAhead ahead (saw ${most})`);
    assert.ok(left >= 300 - 100 - 64, `the rest stayed on the input port for another worker (${left} left)`);
    assert.equal(engine.size(3) + engine.size(4) + seen.length + p.heldCount, 300, 'after the stop every message is on a port, read or held');
  });
});
