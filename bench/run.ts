// `npm run bench`: every benchmark, one after another, each printing its own table. Pass names to run only some:
// `npm run bench -- engine registry`.
import { engineBench } from './engine.bench';
import { registryBench } from './registry.bench';

export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Bench[] = [engineBench, registryBench];

async function main(only: string[]): Promise<void> {
  for (const bench of benches) {
    if (only.length && !only.includes(bench.name)) continue;
    console.log(`\n## ${bench.name}`);
    await bench.run();
  }
}

main(process.argv.slice(2)).catch((error) => {
  console.error(error);
  process.exitCode = 1;
});
