import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';

// The built CLI, as users run it: it loads the calculator bundle (dist/ram.js) beside it.
const CLI = join(__dirname, '../../../dist/cli.js');
const bbports = (...args: string[]) => spawnSync(process.execPath, [CLI, ...args], { encoding: 'utf8' });

describe('bbports ram', () => {
  const root = mkdtempSync(join(tmpdir(), 'bbports-ram-cli-'));
  mkdirSync(join(root, 'lib'));
  writeFileSync(join(root, 'w.js'), 'import { x } from "/lib/x.js";\nexport async function main(ns) {\n  ns.singularity.connect("home");\n  x(ns);\n}\n');
  writeFileSync(join(root, 'lib/x.js'), 'export function x(ns) {\n  return ns.getServer();\n}\n');
  it('prints the total, each function with its lines (imports by path) and what it assumed', () => {
    const r = bbports('ram', join(root, 'w.js'), '--game-version', '2.6.1', '--source-file-4', '3');
    assert.equal(r.status, 0, r.stderr);
    assert.match(r.stdout, /^w\.js {2}5\.60 GB$/m);
    assert.match(r.stdout, /2\.00 GB {2}singularity\.connect {2}3$/m);
    assert.match(r.stdout, /2\.00 GB {2}getServer {12}lib\/x\.js:2$/m);
    assert.match(r.stdout, /Assumed: the cost table of game 2\.6\.1, Source-File 4 level 3\./);
  });
  it('charges singularity 16x without Source-File 4, as JSON', () => {
    const r = bbports('ram', join(root, 'w.js'), '--format', 'json');
    assert.equal(r.status, 0, r.stderr);
    assert.equal(JSON.parse(r.stdout).scripts[0].ram, 35.6);
  });
  it('exits 1 for a script the game would not run, and 2 with a clear message for bad arguments', () => {
    writeFileSync(join(root, 'bad.js'), 'export async function main(ns) { ns.exec( }\n');
    const bad = bbports('ram', join(root, 'bad.js'));
    assert.equal(bad.status, 1);
    assert.match(bad.stdout, /bad\.js: the game would not run it/);
    const usage = bbports('ram', join(root, 'w.js'), '--source-file-4', '7');
    assert.equal(usage.status, 2);
    assert.match(usage.stderr, /--source-file-4 must be your Source-File 4 level, 0 to 3, was 7/);
  });
});
