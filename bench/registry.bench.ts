import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { JsonFileStore, PortRegistry } from '../core/registry';
import { nsPerOp, table } from './measure';
import type { Bench } from './run';

function reserveRelease(registry: PortRegistry, pairs: number): () => void {
  const owner = { kind: 'process', tag: 'bench' } as const;
  return () => {
    const held: number[] = [];
    for (let i = 0; i < pairs; i++) {
      held.push(registry.allocate(owner));
      if (held.length > 20) registry.release(held.shift()!, owner);
    }
    for (const port of held) registry.release(port, owner);
  };
}

export const registryBench: Bench = {
  name: 'registry',
  async run() {
    const memory = nsPerOp(20_000, reserveRelease(new PortRegistry(), 10_000));
    const file = nsPerOp(2_000, reserveRelease(new PortRegistry({ store: new JsonFileStore(join(mkdtempSync(join(tmpdir(), 'bbports-bench-')), 'r.json')) }), 1_000), 3);
    const rate = (ns: number) => Math.round(1e9 / ns).toLocaleString('en');
    table(['store', 'µs per reserve or release', 'operations per second'], [
      ['in memory', (memory / 1000).toFixed(2), rate(memory)],
      ['JSON file (atomic write each change)', (file / 1000).toFixed(1), rate(file)],
    ]);
  },
};
