import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { PortEngine } from '../core/engine';
import { DEFAULT_WRITE_AHEAD, DEFAULT_WRITE_AHEAD_LIMIT, parseDefinition, ProcessManager } from '../core/process';
import { median, percentile, table } from './measure';
import type { Bench } from './run';

const ECHO = join(import.meta.dirname, '../test/fixtures/programs/echo.js');
const MESSAGES = 200_000;
const ROUND_TRIPS = 1_000;
/** Runs per path, interleaved so that load from elsewhere on the machine spreads over every path alike. */
const RUNS = 5;
const message = (i: number) => `{"type":"job","id":${i}}`;

interface Run {
  rate: number;
  /** This process's CPU time (user + system) per message while streaming: the echo program's is not in it. */
  cpuNs: number;
  latencies: number[];
}

/** Times `stream`, which moves MESSAGES messages, by wall clock and by this process's CPU. */
async function timed(stream: () => Promise<void>): Promise<Omit<Run, 'latencies'>> {
  const start = process.hrtime.bigint();
  const cpu = process.cpuUsage();
  await stream();
  const used = process.cpuUsage(cpu);
  return { rate: MESSAGES / (Number(process.hrtime.bigint() - start) / 1e9), cpuNs: ((used.user + used.system) * 1000) / MESSAGES };
}

async function roundTrips(once: (i: number) => Promise<void>): Promise<number[]> {
  const latencies: number[] = [];
  for (let i = 0; i < ROUND_TRIPS; i++) {
    const start = process.hrtime.bigint();
    await once(i);
    latencies.push(Number(process.hrtime.bigint() - start) / 1000);
  }
  return latencies;
}

/**
 * The floor: the echo program fed by a raw pipe with the pipe's own backpressure, a write per line or lines joined
 * into 64 KiB writes. The reader only counts newlines; it makes no message values.
 */
async function rawPipe(joined: boolean): Promise<Run> {
  const child = spawn(process.execPath, [ECHO], { stdio: ['pipe', 'pipe', 'inherit'] });
  let newlines = 0;
  let waiter: (() => void) | undefined;
  child.stdout.on('data', (chunk: Buffer) => {
    for (let i = chunk.indexOf(10); i !== -1; i = chunk.indexOf(10, i + 1)) newlines++;
    waiter?.();
  });
  const until = (n: number) => new Promise<void>((resolve) => (waiter = () => newlines >= n && resolve()));
  const latencies = await roundTrips((i) => {
    const got = until(newlines + 1);
    child.stdin.write(`${message(i)}\n`);
    return got;
  });
  const done = until(newlines + MESSAGES);
  const run = await timed(async () => {
    let pending = '';
    for (let i = 0; i < MESSAGES; i++) {
      pending += `${message(i)}\n`;
      if (joined && pending.length < 65536 && i < MESSAGES - 1) continue;
      const ok = child.stdin.write(pending);
      pending = '';
      if (!ok) await new Promise((r) => child.stdin.once('drain', r));
    }
    await done;
  });
  child.kill();
  return { ...run, latencies };
}

/**
 * engine port 1 -> stdin -> echo -> stdout -> engine port 2, fed and drained as fast as the ports allow. The writer
 * and reader stand for in-game scripts: a tryWrite/read per message, or (batched) tryWriteMany/readMany.
 */
async function throughEngine(capacity: number, batched: boolean, flow: { writeAhead?: number; writeAheadLimit?: number; intakeFollowsOutput?: boolean } = {}): Promise<Run> {
  const engine = new PortEngine({ capacity });
  const manager = new ProcessManager({ engine });
  const p = manager.define(parseDefinition({ tag: 'echo', command: process.execPath, args: [ECHO], inputPort: 1, outputPort: 2, ...flow }));
  await p.start();
  const latencies = await roundTrips(async (i) => {
    const echoed = engine.nextWrite(2);
    engine.write(1, message(i));
    await echoed;
    engine.read(2);
  });
  let last: unknown;
  const run = await timed(async () => {
    const feed = (async () => {
      if (batched) {
        const room: string[] = [];
        for (let i = 0; i < MESSAGES; ) {
          room.length = 0;
          for (let free = capacity - engine.size(1); room.length < free && i + room.length < MESSAGES; ) room.push(message(i + room.length));
          i += engine.tryWriteMany(1, room);
          if (engine.full(1)) await engine.nextRead(1);
        }
        return;
      }
      for (let i = 0; i < MESSAGES; ) {
        while (i < MESSAGES && engine.tryWrite(1, message(i))) i++;
        if (i < MESSAGES) await engine.nextRead(1);
      }
    })();
    for (let got = 0; got < MESSAGES; ) {
      if (engine.empty(2)) await engine.nextWrite(2);
      if (batched) {
        const items = engine.readMany(2, capacity);
        got += items.length;
        last = items[items.length - 1];
        continue;
      }
      while (!engine.empty(2)) {
        last = engine.read(2);
        got++;
      }
    }
    await feed;
  });
  // Every message came back once and in order (the unit tests prove it in full), so the last is the last sent.
  if (last !== message(MESSAGES - 1) || !engine.empty(2)) throw new Error(`the process path lost or reordered messages: last was ${String(last)}`);
  await p.stop();
  return { ...run, latencies };
}

const paths: [string, () => Promise<Run>][] = [
  ['raw pipe, lines joined into 64 KiB writes (floor A)', () => rawPipe(true)],
  ['raw pipe, a write per line (floor B)', () => rawPipe(false)],
  [`engine port (capacity 50, the game default) -> process -> engine port, flow rules, defaults (window ${DEFAULT_WRITE_AHEAD}, opening to ${DEFAULT_WRITE_AHEAD_LIMIT})`, () => throughEngine(50, false)],
  [`same, a window fixed at ${DEFAULT_WRITE_AHEAD} (writeAheadLimit ${DEFAULT_WRITE_AHEAD})`, () => throughEngine(50, false, { writeAheadLimit: DEFAULT_WRITE_AHEAD })],
  ['same, intake not following output (opt-out)', () => throughEngine(50, false, { intakeFollowsOutput: false })],
  ['engine port (capacity 1000) -> process -> engine port, default flow rules', () => throughEngine(1000, false)],
  ['same, capacity 50, bench writer/reader batched (tryWriteMany/readMany)', () => throughEngine(50, true)],
];

export const processBench: Bench = {
  name: 'process',
  async run() {
    const runs: Run[][] = paths.map(() => []);
    // One uncounted round first: every path's code is then compiled by the JIT before it is timed.
    for (const [, path] of paths) await path();
    for (let r = 0; r < RUNS; r++) for (const [i, [, path]] of paths.entries()) runs[i]!.push(await path());
    const rates = runs.map((rs) => median(rs.map((x) => x.rate)));
    const [floorA, floorB] = rates as [number, number];
    const rows = paths.map(([name], i) => {
      const rs = runs[i]!;
      const all = rs.map((x) => x.rate);
      const latencies = rs.flatMap((x) => x.latencies);
      const rate = rates[i]!;
      return [
        name,
        Math.round(rate).toLocaleString('en'),
        `${Math.round(Math.min(...all) / 1000)}k–${Math.round(Math.max(...all) / 1000)}k`,
        `${((rate / floorA) * 100).toFixed(0)}%`,
        `${((rate / floorB) * 100).toFixed(0)}%`,
        Math.round(median(rs.map((x) => x.cpuNs))),
        median(latencies).toFixed(0),
        percentile(latencies, 99).toFixed(0),
      ];
    });
    table(['path (echo.js, one JSON line per message)', `messages/s (median of ${RUNS})`, 'range', 'of A', 'of B', 'CPU ns/msg', 'round trip median µs', 'p99 µs'], rows);
    console.log(`${MESSAGES.toLocaleString('en')} messages per run; round trips: ${ROUND_TRIPS} per run, one message at a time. CPU is this process's only (the echo program's is not counted).`);
  },
};
