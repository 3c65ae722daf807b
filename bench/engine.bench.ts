import { NULL_PORT_DATA, PortEngine, toPortNumber } from '../core/engine';
import { median, nsPerOp, table } from './measure';
import type { Bench } from './run';

/**
 * The game's own approach, as the baseline: a Map of plain arrays, push then shift, structuredClone for objects,
 * the same port-number check the NS layer makes, and the port dropped from the map when it drains.
 */
class ArrayShiftPorts {
  private readonly ports = new Map<number, { data: unknown[] }>();
  constructor(private readonly capacity: number) {}
  writePort(n: unknown, value: unknown): unknown {
    const port = toPortNumber('writePort', n);
    let p = this.ports.get(port);
    if (!p) this.ports.set(port, (p = { data: [] }));
    p.data.push(typeof value === 'object' && value !== null ? structuredClone(value) : value);
    return p.data.length > this.capacity ? p.data.shift() : null;
  }
  readPort(n: unknown): unknown {
    const port = toPortNumber('readPort', n);
    const p = this.ports.get(port);
    if (!p || !p.data.length) return NULL_PORT_DATA;
    const v = p.data.shift();
    if (!p.data.length) this.ports.delete(port);
    return v;
  }
}

const OPS = 50_000;
const ROUNDS = 15;
const BULK = 100_000;
const small = { type: 'hack', target: 'n00dles', threads: 12, t: 1700000000000 };
let sink: unknown;

interface PortCalls {
  writePort(n: unknown, v: unknown): unknown;
  readPort(n: unknown): unknown;
}

let caseNumber = 0;

/**
 * A script's write+read loop: `backlog` items already waiting (0: the reader keeps up and the port drains after
 * every read, the common case; 25: a half-full port); the read value is kept, as a script keeps what it reads. Each
 * case gets its own copy of the loop's code, as each script has its own: one loop shared by every case sees every
 * engine and value type and runs polymorphic (3x slower for numbers), which no script pays.
 */
function pairs(target: PortCalls, object: object | undefined, backlog: number): () => void {
  const loop = new Function('t', 'obj', 'ops', 'backlog', `// case ${caseNumber++}
    let kept;
    for (let i = 0; i < backlog; i++) t.writePort(1, obj === undefined ? i : obj);
    for (let i = 0; i < ops; i++) { t.writePort(1, obj === undefined ? i : obj); kept = t.readPort(1); }
    for (let i = 0; i < backlog; i++) t.readPort(1);
    return kept;`) as (t: PortCalls, obj: object | undefined, ops: number, backlog: number) => unknown;
  return () => {
    sink = loop(target, object, OPS, backlog);
  };
}

/**
 * Every case once per round, the order reversed every other round, after one warm-up round, timed in CPU time of
 * this process: on a shared machine load drifts, and wall-clock time, or cases timed minutes apart or always in the
 * same order, compare the drift (and the time spent waiting for a core), not the code.
 */
function interleaved(cases: Record<string, () => void>, ops: number): Record<string, number> {
  const names = Object.keys(cases);
  const times: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (const n of names) cases[n]!();
  for (let r = 0; r < ROUNDS; r++) {
    for (const n of r % 2 ? [...names].reverse() : names) {
      const start = process.cpuUsage();
      cases[n]!();
      const used = process.cpuUsage(start);
      times[n]!.push(((used.user + used.system) * 1000) / ops);
    }
  }
  return Object.fromEntries(names.map((n) => [n, median(times[n]!)]));
}

export const engineBench: Bench = {
  name: 'engine',
  async run() {
    const engine = new PortEngine({ capacity: 50 });
    const game = new ArrayShiftPorts(50);
    const { ns } = engine;
    const rows: (string | number)[][] = [];
    for (const [label, object] of [['numbers', undefined], ['small object', small]] as const) {
      for (const backlog of [0, 25]) {
        const cases: Record<string, () => void> = { ours: pairs(ns, object, backlog), theirs: pairs(game, object, backlog) };
        // The floor: what the game's rule costs at least, one structuredClone per written object.
        if (object !== undefined) {
          cases.floor = () => {
            for (let i = 0; i < OPS; i++) sink = structuredClone(object);
          };
        }
        const t = interleaved(cases, OPS);
        const where = backlog ? `port holding ${backlog}` : 'port drains each read';
        const floor = t.floor === undefined ? '-' : `${t.floor.toFixed(0)} (ours ${(t.ours! / t.floor).toFixed(2)}x)`;
        rows.push([`write+read, ${label}, ${where}`, t.ours!, t.theirs!, (t.theirs! / t.ours!).toFixed(2) + 'x', floor]);
      }
    }
    const bulk = new PortEngine({ capacity: BULK });
    const bulkGame = new ArrayShiftPorts(BULK);
    const fillDrain = (write: (v: unknown) => unknown, read: () => unknown) => () => {
      for (let i = 0; i < BULK; i++) write(i);
      for (let i = 0; i < BULK; i++) read();
    };
    const ours = nsPerOp(BULK, fillDrain((v) => bulk.ns.writePort(1, v), () => bulk.ns.readPort(1)), 3);
    const theirs = nsPerOp(BULK, fillDrain((v) => bulkGame.writePort(1, v), () => bulkGame.readPort(1)), 3);
    rows.push([`fill then drain ${BULK.toLocaleString('en')} numbers`, ours, theirs, (theirs / ours).toFixed(1) + 'x', '-']);
    table([`case (CPU ns per write+read, median of ${ROUNDS} interleaved rounds)`, 'engine', 'array+shift (game)', 'engine faster by', 'structuredClone floor'], rows);
    void sink;
  },
};
