import assert from 'node:assert/strict';
import { once } from 'node:events';
import { describe, it } from 'node:test';
import { Worker } from 'node:worker_threads';
import { TypeAwarePass, type FromTypeWorker, type ToTypeWorker, type TypeWorkerData } from '../../../language';
import { covered, workspace } from './helpers';

const LIB = {
  'lib/plan.js': [
    'export async function fetchPlan() { return { target: "n00dles" }; }',
    'export function count() { return 3; }',
    'export const onDone = () => 1;',
    'export class Job { constructor() { this.target = "n00dles"; } run() { return 1; } }',
    'export function echo(x) { return x; }',
  ].join('\n'),
  'lib/ns.ts': 'export interface NS { writePort(port: number, value: unknown): unknown; args: unknown[] }',
  'lib/context.ts': "import type { NS } from '/lib/ns';\nexport function context(ns: NS) { return { ns, started: 0 }; }",
};

/** The uncloneable-write findings after both phases, as the text each covers. */
async function uncloneable(main: string, name = 'main.js'): Promise<string[]> {
  const ws = workspace({ ...LIB, [name]: main });
  await new TypeAwarePass(ws).run();
  return ws.diagnostics(`/ws/${name}`).filter((d) => d.rule === 'port-uncloneable-write').map((d) => covered(main, d));
}

const write = (value: string) => `import { fetchPlan, count, onDone, Job, echo } from '/lib/plan.js';\nexport async function main(ns) {\n  ns.writePort(1, ${value});\n}\n`;

describe('port-uncloneable-write, type-aware phase', () => {
  for (const value of ['fetchPlan()', 'onDone', '{ plan: fetchPlan(), n: 1 }', '[fetchPlan()]']) {
    it(`flags a value whose type cannot be cloned, from another file: ${value}`, async () => {
      assert.deepEqual(await uncloneable(write(value)), [value]);
    });
  }

  for (const value of ['count()', 'echo(ns.args[0])', 'new Job()', 'await fetchPlan()', '{ n: count(), job: new Job() }', 'ns.args[0]']) {
    it(`leaves alone: ${value}`, async () => {
      assert.deepEqual(await uncloneable(write(value)), []);
    });
  }

  it('flags ns handed back by a helper in another file, inside an object', async () => {
    const main = "import type { NS } from '/lib/ns';\nimport { context } from '/lib/context';\nexport async function main(ns: NS) {\n  ns.writePort(1, context(ns));\n}\n";
    assert.deepEqual(await uncloneable(main, 'main.ts'), ['context(ns)']);
  });

  it('leaves alone an object whose callback property is optional, and flags one that is required', async () => {
    const main = (type: string) => `export async function main(ns: NS) {\n  const job: ${type} = JSON.parse(ns.args[0] as string);\n  ns.writePort(1, job);\n}\n`;
    assert.deepEqual(await uncloneable(main('{ target: string; onDone?: () => void }'), 'main.ts'), []);
    assert.deepEqual(await uncloneable(main('{ target: string; onDone: () => void }'), 'main.ts'), ['job']);
  });

  it('says what the type is, and its findings lapse once the file changes until the pass runs again', async () => {
    const ws = workspace({ ...LIB, 'main.js': write('fetchPlan()') });
    const pass = new TypeAwarePass(ws);
    await pass.run();
    const [finding] = ws.diagnostics('/ws/main.js').filter((d) => d.rule === 'port-uncloneable-write');
    assert.match(finding!.message, /writes a Promise \(its type says so\)/);
    ws.update('/ws/main.js', write('fetchPlan() '));
    assert.equal(ws.diagnostics('/ws/main.js').filter((d) => d.rule === 'port-uncloneable-write').length, 0);
    pass.check('/ws/main.js');
    assert.equal(ws.diagnostics('/ws/main.js').filter((d) => d.rule === 'port-uncloneable-write').length, 1);
    pass.dispose();
  });

  it('stops early when cancelled', async () => {
    const ws = workspace({ ...LIB, 'main.js': write('fetchPlan()') });
    assert.equal(await new TypeAwarePass(ws).run(undefined, () => true), 'cancelled');
    assert.equal(ws.diagnostics('/ws/main.js').filter((d) => d.rule === 'port-uncloneable-write').length, 0);
  });
});

describe('the type-aware worker thread (what the editor runs)', () => {
  it('keeps its own copy of the scripts and answers a check with findings for the text it checked, then done', async () => {
    const workerData: TypeWorkerData = { bbportsTypeWorker: true, root: '/ws' };
    // The linter's entry point, loaded through tsx as the bundle is in the editor (loader flags do not reach workers).
    const entry = new URL('../../../language/index.ts', import.meta.url).pathname;
    const worker = new Worker(`require('tsx/cjs'); require(${JSON.stringify(entry)});`, { eval: true, workerData });
    const received: FromTypeWorker[] = [];
    const done = new Promise<void>((resolve) =>
      worker.on('message', (m: FromTypeWorker) => {
        received.push(m);
        if (m.kind !== 'findings') resolve();
      }),
    );
    const send = (m: ToTypeWorker) => worker.postMessage(m);
    const main = write('fetchPlan()');
    for (const [name, text] of Object.entries({ ...LIB, 'main.js': main })) send({ kind: 'update', file: `/ws/${name}`, text });
    send({ kind: 'check', run: 1, files: ['/ws/main.js', '/ws/lib/plan.js'] });
    await done;
    const findings = received.filter((m) => m.kind === 'findings');
    assert.deepEqual(findings.map((m) => [m.file, m.text === main, m.findings.map((f) => main.slice(f.start, f.end))]), [['/ws/main.js', true, ['fetchPlan()']], ['/ws/lib/plan.js', false, []]]);
    assert.deepEqual(received.at(-1), { kind: 'done', run: 1, files: ['/ws/main.js', '/ws/lib/plan.js'] });
    await Promise.all([once(worker, 'exit'), worker.terminate()]);
  });
});
