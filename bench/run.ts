// `npm run bench`: every benchmark, one after another, each printing its own table. Pass names to run only some:
// `npm run bench -- engine registry`.
import { engineBench } from './engine.bench';
import { registryBench } from './registry.bench';

export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Bench[] = [engineBench, registryBench];

const only = process.argv.slice(2);
for (const bench of benches) {
  if (only.length && !only.includes(bench.name)) continue;
  console.log(`\n## ${bench.name}`);
  await bench.run();
}
