import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PortEngine } from '../core/engine';
import { parseDefinition, ProcessManager } from '../core/process';
import { median, percentile, table } from './measure';
import type { Bench } from './run';

const ECHO = join(import.meta.dirname, '../test/fixtures/programs/echo.js');
const MESSAGES = 200_000;
const ROUND_TRIPS = 2_000;
const message = (i: number) => `{"type":"job","id":${i}}`;

/**
 * The floor: the echo program fed by a raw pipe with the pipe's own backpressure, a write per line or lines joined
 * into 64 KiB writes.
 */
async function rawPipe(joined: boolean): Promise<{ rate: number; latencies: number[] }> {
  const child = spawn(process.execPath, [ECHO], { stdio: ['pipe', 'pipe', 'inherit'] });
  let newlines = 0;
  let waiter: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    waiter?.();
  });
  const until = (n: number) => new Promise<void>((resolve) => (waiter = () => newlines >= n && resolve()));
  const latencies: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = process.hrtime.bigint();
    const got = until(newlines + 1);
    child.stdin.write(`${message(i)}\n`);
    await got;
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const base = newlines;
  const start = process.hrtime.bigint();
  const done = until(base + MESSAGES);
  let pending = '';
  for (let i = 0; i < MESSAGES; i++) {
    pending += `${message(i)}\n`;
    if (joined && pending.length < 65536 && i < MESSAGES - 1) continue;
    const ok = child.stdin.write(pending);
    pending = '';
    if (!ok) await new Promise((r) => child.stdin.once('drain', r));
  }
  await done;
  const rate = MESSAGES / (Number(process.hrtime.bigint() - start) / 1e9);
  child.kill();
  return { rate, latencies };
}

/** engine port 1 -> stdin -> echo -> stdout -> engine port 2, fed and drained as fast as the ports allow. */
async function throughEngine(capacity: number): Promise<{ rate: number; latencies: number[] }> {
  const engine = new PortEngine({ capacity });
  const manager = new ProcessManager({ engine });
  const p = manager.define(parseDefinition({ tag: 'echo', command: process.execPath, args: [ECHO], inputPort: 1, outputPort: 2 }));
  await p.start();
  const latencies: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = process.hrtime.bigint();
    const echoed = engine.nextWrite(2);
    engine.write(1, message(i));
    await echoed;
    engine.read(2);
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  const room = () => new Promise<void>((resolve) => {
    const stop = engine.subscribe((e) => e.port === 1 && e.kind === 'read' && (stop(), resolve()));
  });
  const start = process.hrtime.bigint();
  const feed = (async () => {
    for (let i = 0; i < MESSAGES; ) {
      while (i < MESSAGES && engine.tryWrite(1, message(i))) i++;
      if (i < MESSAGES) await room();
    }
  })();
  for (let got = 0; got < MESSAGES; ) {
    if (engine.empty(2)) await engine.nextWrite(2);
    while (!engine.empty(2)) {
      engine.read(2);
      got++;
    }
  }
  await feed;
  const rate = MESSAGES / (Number(process.hrtime.bigint() - start) / 1e9);
  await p.stop();
  return { rate, latencies };
}

export const processBench: Bench = {
  name: 'process',
  async run() {
    const perLine = await rawPipe(false);
    const raw = await rawPipe(true);
    const rows: (string | number)[][] = [];
    const row = (name: string, r: { rate: number; latencies: number[] }) =>
      rows.push([name, Math.round(r.rate).toLocaleString('en'), `${((r.rate / raw.rate) * 100).toFixed(0)}%`, median(r.latencies).toFixed(0), percentile(r.latencies, 99).toFixed(0)]);
    row('raw pipe, lines joined into 64 KiB writes (the floor)', raw);
    row('raw pipe, a write per line', perLine);
    row('engine port (capacity 50) -> process -> engine port', await throughEngine(50));
    row('engine port (capacity 1000) -> process -> engine port', await throughEngine(1000));
    table(['path (echo.js, one JSON line per message)', 'messages/s', 'of raw', 'round trip median µs', 'p99 µs'], rows);
  },
};
