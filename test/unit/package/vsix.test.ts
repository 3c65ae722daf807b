import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const root = resolve(__dirname, '../../..');

// `npm run package` is how players get the extension: the .vsix must build and carry every bundle it loads at run time.
describe('the .vsix', () => {
  it('packages, with the bundles, the linter, the TypeScript libs, the webview, the schema and the rule docs', () => {
    const out = join(mkdtempSync(join(tmpdir(), 'bbports-vsix-')), 'bitburner-ports.vsix');
    const vsce = join(root, 'node_modules/.bin/vsce');
    const made = spawnSync(vsce, ['package', '--no-dependencies', '--allow-missing-repository', '--out', out], { cwd: root, encoding: 'utf8' });
    assert.equal(made.status, 0, `vsce package failed (run npm run build first):\n${made.stdout}\n${made.stderr}`);
    const listed = spawnSync(vsce, ['ls', '--no-dependencies'], { cwd: root, encoding: 'utf8' }).stdout.split('\n').map((f) => `extension/${f.trim()}`);
    for (const file of ['dist/extension.js', 'dist/language.js', 'dist/ram.js', 'dist/playground-worker.js', 'dist/testing.js', 'dist/cli.js', 'dist/engine.js', 'dist/webview.js', 'dist/webview.css', 'dist/typescript-lib/lib.es2022.d.ts', 'schemas/bbports.schema.json', 'language/docs/rules.md', 'media/ports.svg']) {
      assert.ok(listed.includes(`extension/${file}`), `${file} is in the .vsix`);
    }
    assert.equal(listed.some((f) => f.includes('node_modules/') || f.startsWith('extension/test/') || f.includes('/core/')), false, 'no sources, tests or node_modules');
  });
});
