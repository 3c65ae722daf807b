// `npm run bench`: every benchmark, one after another, each printing its own table. Pass names to run only some:
// `npm run bench -- engine registry`.
import { dashboardBench } from './dashboard.bench';
import { engineBench } from './engine.bench';
import { gameLinkBench } from './game-link.bench';
import { lintBench } from './lint.bench';
import { playgroundBench } from './playground.bench';
import { processBench } from './process.bench';
import { ramBench } from './ram.bench';
import { registryBench } from './registry.bench';

export interface Bench {
  name: string;
  run(): Promise<void>;
}

const benches: Bench[] = [engineBench, registryBench, gameLinkBench, lintBench, dashboardBench, processBench, playgroundBench, ramBench];

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
