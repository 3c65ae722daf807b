// One bundle per entry. `vscode` is provided by the editor at run time; everything else is bundled so the .vsix
// needs no node_modules.
import { copyFileSync, mkdirSync, readdirSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import * as esbuild from 'esbuild';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

// Files under an `in-game/` folder are scripts the tool pushes into the game (the game bridge): bundled as text.
const inGameText = {
  name: 'in-game-text',
  setup(build) {
    build.onLoad({ filter: /[\\/]in-game[\\/][^\\/]+\.js$/ }, async (args) => ({ contents: await readFile(args.path, 'utf8'), loader: 'text' }));
  },
};

const node = { bundle: true, platform: 'node', format: 'cjs', target: 'node20', sourcemap: !production, minify: production, logLevel: 'warning', plugins: [inGameText] };

/** @type {import('esbuild').BuildOptions[]} */
const entries = [
  { ...node, entryPoints: ['extension/main.ts'], outfile: 'dist/extension.js', external: ['vscode'] },
  { ...node, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js', banner: { js: '#!/usr/bin/env node' } },
  { ...node, entryPoints: ['core/engine/index.ts'], outfile: 'dist/engine.js' },
  // The playground: its worker thread (one simulation and its scripts), loaded by the CLI, the extension and the
  // testing API beside it in dist/; and the testing API, `require('bitburner-ports/testing')`.
  { ...node, entryPoints: ['core/playground/worker.ts'], outfile: 'dist/playground-worker.js' },
  { ...node, entryPoints: ['core/playground/testing.ts'], outfile: 'dist/testing.js' },
  // The port linter (TypeScript compiler inside): the extension require()s it on first need, keeping activation light.
  { ...node, entryPoints: ['language/index.ts'], outfile: 'dist/language.js' },
  // The static RAM calculator and the types setup (TypeScript compiler inside): `bbports ram` and the editor load it
  // on first need.
  { ...node, entryPoints: ['core/ram/index.ts'], outfile: 'dist/ram.js' },
  // The dashboard's page: browser code, always minified (its size budget is 300 KB); its CSS lands in dist/webview.css.
  { bundle: true, platform: 'browser', format: 'iife', target: 'chrome120', minify: true, logLevel: 'warning', entryPoints: ['webview/main.ts'], outfile: 'dist/webview.js' },
  // The integration suite runs inside VS Code's extension host: its runner and each test file; mocha stays external
  // (it loads the test files itself).
  {
    ...node,
    entryPoints: ['test/integration/index.ts', ...readdirSync('test/integration').filter((f) => f.endsWith('.test.ts')).map((f) => `test/integration/${f}`)],
    outdir: 'dist/test/integration',
    external: ['vscode', 'mocha'],
  },
];

// The type-aware lint checks against the standard library's declarations; the compiler bundled into
// dist/language.js looks for them in dist/typescript-lib.
mkdirSync('dist/typescript-lib', { recursive: true });
for (const f of readdirSync('node_modules/typescript/lib')) if (/^lib\.(es5|es20\d\d|decorators)[\w.]*\.d\.ts$/.test(f)) copyFileSync(`node_modules/typescript/lib/${f}`, `dist/typescript-lib/${f}`);

if (watch) {
  for (const options of entries) await (await esbuild.context(options)).watch();
} else {
  await Promise.all(entries.map((options) => esbuild.build(options)));
}
