import { NULL_PORT_DATA, PortEngine, toPortNumber } from '../core/engine';
import { nsPerOp, table } from './measure';
import type { Bench } from './run';

/**
 * The game's own approach, as the baseline: a Map of plain arrays, push then shift, structuredClone for objects,
 * and the same port-number check the NS layer makes.
 */
class ArrayShiftPorts {
  private readonly ports = new Map<number, { data: unknown[] }>();
  constructor(private readonly capacity: number) {}
  write(n: unknown, value: unknown): unknown {
    const port = toPortNumber('writePort', n);
    let p = this.ports.get(port);
    if (!p) this.ports.set(port, (p = { data: [] }));
    p.data.push(typeof value === 'object' && value !== null ? structuredClone(value) : value);
    return p.data.length > this.capacity ? p.data.shift() : null;
  }
  read(n: unknown): unknown {
    const port = toPortNumber('readPort', n);
    const p = this.ports.get(port);
    if (!p || !p.data.length) return NULL_PORT_DATA;
    const v = p.data.shift();
    if (!p.data.length) this.ports.delete(port);
    return v;
  }
}

const OPS = 200_000;
const BULK = 100_000;
const small = { type: 'hack', target: 'n00dles', threads: 12, t: 1700000000000 };

/** Write-then-read pairs on a port kept half full, as a running pipeline does. */
function steady(write: (v: unknown) => unknown, read: () => unknown, value: (i: number) => unknown): () => void {
  return () => {
    for (let i = 0; i < 25; i++) write(value(i));
    for (let i = 0; i < OPS; i++) {
      write(value(i));
      read();
    }
    for (let i = 0; i < 25; i++) read();
  };
}

export const engineBench: Bench = {
  name: 'engine',
  async run() {
    const rows: (string | number)[][] = [];
    for (const [label, value] of [['numbers', (i: number) => i], ['small object', () => small]] as const) {
      const engine = new PortEngine({ capacity: 50 });
      const game = new ArrayShiftPorts(50);
      const ours = nsPerOp(OPS, steady((v) => engine.ns.writePort(1, v), () => engine.ns.readPort(1), value));
      const theirs = nsPerOp(OPS, steady((v) => game.write(1, v), () => game.read(1), value));
      const floor = label === 'numbers' ? NaN : nsPerOp(OPS, () => {
        for (let i = 0; i < OPS; i++) structuredClone(small);
      });
      rows.push([`write+read, ${label}, capacity 50`, ours, theirs, (theirs / ours).toFixed(2) + 'x', Number.isNaN(floor) ? '-' : `${floor.toFixed(0)} (ours ${(ours / floor).toFixed(2)}x)`]);
    }
    const engine = new PortEngine({ capacity: BULK });
    const game = new ArrayShiftPorts(BULK);
    const fillDrain = (write: (v: unknown) => unknown, read: () => unknown) => () => {
      for (let i = 0; i < BULK; i++) write(i);
      for (let i = 0; i < BULK; i++) read();
    };
    const ours = nsPerOp(BULK, fillDrain((v) => engine.ns.writePort(1, v), () => engine.ns.readPort(1)), 3);
    const theirs = nsPerOp(BULK, fillDrain((v) => game.write(1, v), () => game.read(1)), 3);
    rows.push([`fill then drain ${BULK.toLocaleString('en')} numbers`, ours, theirs, (theirs / ours).toFixed(1) + 'x', '-']);
    table(['case (ns per item, median of 7)', 'engine', 'array+shift (game)', 'engine faster by', 'structuredClone floor'], rows);
  },
};
