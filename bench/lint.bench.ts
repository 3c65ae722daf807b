import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { LintWorkspace, scriptFilesUnder, TypeAwarePass } from '../language';
import { mayCallPorts, scriptKind } from '../language/file-analysis';
import { median, table } from './measure';
import type { Bench } from './run';

const ROOT = '/bench';
const SCRIPTS = 320;
const BIG_LINES = 2000;

/** Shared port constants, as players keep them: an object in /lib/ports.js. */
function portsModule(): string {
  const lines = Array.from({ length: 40 }, (_, i) => `  LANE_${i}: ${100 + i},`);
  return `export const PORTS = {\n${lines.join('\n')}\n};\nexport const NULL = "NULL PORT DATA";\n`;
}

/** Ordinary script code that has nothing to do with ports: the bulk of any real file. */
function filler(i: number, n: number): string {
  const out: string[] = [];
  for (let k = 0; k < n; k++) {
    out.push(
      `function plan${i}_${k}(ns, servers) {`,
      `  const targets = servers.filter((s) => ns.hasRootAccess(s) && ns.getServerMaxMoney(s) > ${k * 1000});`,
      `  let best = null;`,
      `  for (const t of targets) {`,
      `    const score = ns.getServerMaxMoney(t) / Math.max(1, ns.getServerMinSecurityLevel(t));`,
      `    if (!best || score > best.score) best = { host: t, score, threads: Math.ceil(score % ${k + 7}) };`,
      `  }`,
      `  return best;`,
      `}`,
    );
  }
  return out.join('\n');
}

/** A worker, a coordinator or a collector, in rotation, each with its port traffic and some plain code. */
function script(i: number, fillerFunctions: number): string {
  const lane = `PORTS.LANE_${i % 40}`;
  const next = `PORTS.LANE_${(i + 1) % 40}`;
  const head = `import { PORTS, NULL } from '/lib/ports.js';\n`;
  const kinds = [
    `export async function main(ns) {
  const jobs = ns.getPortHandle(${lane});
  while (true) {
    await jobs.nextWrite();
    const job = jobs.read();
    if (job === NULL) continue;
    const gained = await ns.hack(job.target);
    ns.writePort(${next}, { type: 'done', target: job.target, gained });
  }
}`,
    `export async function main(ns) {
  const servers = ns.scan('home');
  for (;;) {
    const plan = plan${i}_0(ns, servers);
    if (plan && !ns.tryWritePort(${lane}, { type: 'hack', target: plan.host, threads: plan.threads })) ns.print('queue full');
    const result = ns.readPort(${next});
    if (result !== "NULL PORT DATA") {
      switch (result.type) { case 'done': ns.print(result.gained); break; case 'fail': ns.print('fail'); break; }
    }
    await ns.sleep(200);
  }
}`,
    `export async function main(ns) {
  const port = ns.getPortHandle(${lane});
  let total = 0;
  while (true) {
    while (!port.empty()) {
      const m = port.read();
      total += m.gained ?? 0;
    }
    ns.print(total);
    await ns.sleep(1000);
  }
}`,
  ];
  return `${head}${kinds[i % kinds.length]}\n${filler(i, fillerFunctions)}\n`;
}

export function workspaceFiles(): Map<string, string> {
  const files = new Map<string, string>([[`${ROOT}/lib/ports.js`, portsModule()]]);
  for (let i = 0; i < SCRIPTS; i++) files.set(`${ROOT}/scripts/s${i}.js`, script(i, 8 + (i % 17)));
  // One 2,000-line file, the one being edited.
  let big = script(1, 1);
  for (let k = 1; big.split('\n').length < BIG_LINES; k++) big += `${filler(1000 + k, 10)}\n`;
  files.set(`${ROOT}/scripts/big.js`, big);
  return files;
}

/**
 * Real players' code, when BBPORTS_LINT_CORPUS names a folder of repositories (one per subfolder, as
 * `npm run eval:lint` takes): per repository, the full lint against TypeScript's parse-only time of the same files.
 * Files without a port call are not parsed by the lint (they cannot have findings), so the same ratio over only the
 * files with port calls shows what the analysis itself costs on real code.
 */
function realRepositories(): (string | number)[][] {
  const corpus = process.env.BBPORTS_LINT_CORPUS;
  if (!corpus) return [];
  const rows: (string | number)[][] = [];
  for (const name of readdirSync(corpus).filter((n) => statSync(join(corpus, n)).isDirectory()).sort()) {
    const files = new Map(scriptFilesUnder(join(corpus, name)).map((f) => [f, readFileSync(f, 'utf8')]));
    if (!files.size) continue;
    const all = lintAgainstParse(join(corpus, name), files);
    const withPorts = new Map([...files].filter(([, t]) => mayCallPorts(t)));
    const analysed = withPorts.size ? `${lintAgainstParse(join(corpus, name), withPorts).ratio.toFixed(2)}x` : 'none';
    const lines = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    rows.push([`${name}: ${files.size} files, ${lines} lines, full lint (ms) / parse only (${withPorts.size} files with port calls)`, `${all.ms.toFixed(0)} / ${all.ratio.toFixed(2)}x (${analysed})`, '< 2x']);
  }
  return rows;
}

/** Full lint of the files and TypeScript's parse-only time of the same files, in 5 paired rounds: the medians. */
function lintAgainstParse(root: string, files: Map<string, string>): { ms: number; ratio: number } {
  const lint = () => {
    const ws = new LintWorkspace({ root });
    for (const [f, t] of files) ws.update(f, t);
    ws.diagnostics();
    ws.portMap();
  };
  const parse = () => {
    for (const [f, t] of files) ts.createSourceFile(f, t, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKind(f));
  };
  lint();
  const ratios: number[] = [];
  const lints: number[] = [];
  for (let r = 0; r < 5; r++) {
    const floor = time(parse);
    lints.push(time(lint));
    ratios.push(lints[r]! / floor);
  }
  return { ms: median(lints), ratio: median(ratios) };
}

function time(fn: () => void): number {
  const start = process.hrtime.bigint();
  fn();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

export const lintBench: Bench = {
  name: 'lint',
  async run() {
    const files = workspaceFiles();
    const lines = [...files.values()].reduce((n, t) => n + t.split('\n').length, 0);
    const bigFile = `${ROOT}/scripts/big.js`;
    const bigLines = files.get(bigFile)!.split('\n').length;
    let ws: LintWorkspace | undefined;
    const fullLint = () => {
      ws = new LintWorkspace({ root: ROOT });
      for (const [f, t] of files) ws.update(f, t);
      ws.diagnostics();
      ws.portMap();
    };
    // The floor: TypeScript parsing the same files with the linter's own options (no JSDoc), and TypeScript's
    // defaults with parent links (what a plain compiler-API tool pays).
    const parseOnly = (parents: boolean) => () => {
      for (const [f, t] of files) {
        const options = parents ? ts.ScriptTarget.Latest : { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone };
        ts.createSourceFile(f, t, options, parents, scriptKind(f));
      }
    };
    // Interleaved rounds, so a busy machine slows both sides of the ratio alike.
    fullLint();
    parseOnly(false)();
    const fulls: number[] = [];
    const floors: number[] = [];
    const floorsParents: number[] = [];
    const ratios: number[] = [];
    for (let r = 0; r < 7; r++) {
      floors.push(time(parseOnly(false)));
      fulls.push(time(fullLint));
      floorsParents.push(time(parseOnly(true)));
      ratios.push(fulls[r]! / floors[r]!);
    }
    // Re-lint after an edit: what the editor does at the end of its debounce.
    const original = files.get(bigFile)!;
    const edits: number[] = [];
    for (let k = 0; k < 60; k++) {
      const at = original.indexOf(`> ${k % 10}`);
      const text = original.slice(0, at) + `> ${(k % 10) + 1}` + original.slice(at + 3);
      edits.push(
        time(() => {
          for (const f of ws!.affectedBy(bigFile)) ws!.diagnostics(f);
          ws!.update(bigFile, text);
          for (const f of ws!.affectedBy(bigFile)) ws!.diagnostics(f);
        }),
      );
    }
    const relint = median(edits.slice(5));
    // The type-aware phase, off the fast path: once over the whole workspace (building the program), then again for
    // the edited file and its dependents after each of a few edits, as the editor runs it once typing pauses.
    const types = new TypeAwarePass(ws!);
    const typeStart = process.hrtime.bigint();
    await types.run();
    const typeFull = Number(process.hrtime.bigint() - typeStart) / 1e6;
    const typeEdits: number[] = [];
    for (let k = 0; k < 7; k++) {
      ws!.update(bigFile, original.replace('> 0', `> ${k + 20}`));
      const start = process.hrtime.bigint();
      await types.run(ws!.affectedBy(bigFile));
      typeEdits.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
    types.dispose();
    table(
      ['measure', 'value', 'goal'],
      [
        ['files / lines', `${files.size} / ${lines}`, '>= 300 files'],
        ['full index + lint (ms, median of 7)', median(fulls), '< 3000'],
        ['TypeScript parse only, same options (ms)', median(floors), ''],
        ['TypeScript parse, defaults + parent links (ms)', median(floorsParents), ''],
        ['full lint / parse only (median of paired rounds)', median(ratios).toFixed(2), '< 2'],
        [`re-lint of a ${bigLines}-line file after an edit (ms, median)`, relint, '< 20'],
        ['type-aware phase, whole workspace, first run (ms)', Math.round(typeFull), ''],
        [`type-aware phase after an edit, ${ws!.affectedBy(bigFile).length} affected files (ms, median)`, Math.round(median(typeEdits)), ''],
        ['diagnostics in the workspace', ws!.diagnostics().length, ''],
        ['ports in the map', ws!.portMap().length, ''],
        ...realRepositories(),
      ],
    );
  },
};
