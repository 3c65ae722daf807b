import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The built CLI, as users run it: it loads the linter bundle (dist/language.js) beside it.
const cli = new URL('../../../dist/cli.js', import.meta.url).pathname;

function bbports(args: string[], cwd: string) {
  assert.ok(existsSync(cli), 'dist/cli.js is missing: run npm run build first');
  const r = spawnSync(process.execPath, [cli, 'lint', ...args], { cwd, encoding: 'utf8' });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

function folder(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'bbports-lint-'));
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

describe('bbports lint', () => {
  const dir = folder({
    'lib/ports.js': 'export const JOBS = 3;',
    'reader.js': "import { JOBS } from '/lib/ports.js';\nexport async function main(ns) {\n  const job = ns.readPort(JOBS);\n  if (!job) return;\n}\n",
    'other.js': "import { JOBS } from 'lib/ports.js';\nexport async function main(ns) {\n  ns.writePort(JOBS, { type: 'x' });\n  ns.readPort(JOBS);\n}\n",
  });

  it('prints JSON records with 1-based positions, treats the folder as one workspace, and exits 1 on an error', () => {
    const r = bbports(['.', '--format', 'json'], dir);
    assert.equal(r.code, 1, r.err);
    const records = JSON.parse(r.out) as { file: string; line: number; column: number; endLine: number; endColumn: number; rule: string; severity: string }[];
    const falsy = records.find((x) => x.rule === 'port-empty-falsy')!;
    assert.deepEqual({ ...falsy, message: undefined }, { file: 'reader.js', line: 4, column: 7, endLine: 4, endColumn: 11, rule: 'port-empty-falsy', severity: 'error', message: undefined });
    assert.deepEqual(records.filter((x) => x.rule === 'port-multiple-readers').map((x) => x.file).sort(), ['other.js', 'reader.js']);
    assert.equal(records.some((x) => x.rule === 'port-overflow-ignored'), false, 'quiet in CI by default');
  });

  it('--rules turns rules off and on; text and SARIF formats', () => {
    const r = bbports(['.', '--rules', '{"port-empty-falsy":"off","port-overflow-ignored":"info"}'], dir);
    assert.equal(r.code, 0, r.err);
    assert.match(r.out, /other\.js:3:3 {2}info {2}If the port is full.*\[port-overflow-ignored\]/);
    const sarif = JSON.parse(bbports(['reader.js', '--root', '.', '--format', 'sarif'], dir).out);
    assert.equal(sarif.version, '2.1.0');
    assert.equal(sarif.runs[0].results[0].ruleId, 'port-empty-falsy');
    assert.deepEqual(sarif.runs[0].results[0].locations[0].physicalLocation.region, { startLine: 4, startColumn: 7, endLine: 4, endColumn: 11 });
  });

  it('runs the type-aware checks: a Promise from another file\'s async function is an error', () => {
    const typed = folder({
      'lib/plan.js': 'export async function fetchPlan() { return { target: "n00dles" }; }\n',
      'send.js': "import { fetchPlan } from '/lib/plan.js';\nexport async function main(ns) {\n  ns.writePort(1, fetchPlan());\n  ns.writePort(1, await fetchPlan());\n}\n",
    });
    const r = bbports(['.', '--format', 'json'], typed);
    assert.equal(r.code, 1, r.err);
    const found = (JSON.parse(r.out) as { rule: string; line: number; column: number }[]).filter((x) => x.rule === 'port-uncloneable-write');
    assert.deepEqual(found.map((x) => [x.line, x.column]), [[3, 19]]);
  });

  it('says what is wrong with bad input', () => {
    const r = bbports(['.', '--rules', '{"port-nope":"off"}', '--format', 'json'], dir);
    assert.match(r.err, /"port-nope" is not a rule/);
    assert.match(bbports(['missing.js'], dir).err, /missing\.js does not exist/);
    assert.match(bbports(['.', '--format', 'xml'], dir).err, /--format must be one of text, json, sarif/);
  });
});
