import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { calculateRam, ramView } from '../../../core/ram';

const script = 'export async function main(ns) {\n  ns.exec("a.js", "home");\n  ns.exec("b.js", "home");\n}\n';
const assumed = { costs: 'the cost table of game 3.x', sourceFile4: 0 };

describe('the RAM status bar and its hover', () => {
  it('shows the estimate, each charged function with its lines, and what was assumed', () => {
    const view = ramView('w.js', calculateRam(script, { path: 'w.js' }), assumed);
    assert.equal(view.text, '$(server) 2.90 GB');
    assert.match(view.tooltip, /\*\*w\.js: 2\.90 GB\*\* \(estimate\)/);
    assert.match(view.tooltip, /\| exec \| 1\.30 \| 2, 3 \|/);
    assert.match(view.tooltip, /the cost table of game 3\.x, Source-File 4 level 0/);
  });
  it("shows the connected game's figure as the truth and says when the estimate differs", () => {
    const result = calculateRam(script, { path: 'w.js' });
    const same = ramView('w.js', result, assumed, 2.9);
    assert.equal(same.text, '$(server) 2.90 GB');
    assert.match(same.tooltip, /the same as the estimate/);
    const differs = ramView('w.js', result, assumed, 3.1);
    assert.equal(differs.text, '$(server) 3.10 GB $(warning)');
    assert.match(differs.tooltip, /the estimate says 2\.90 GB/);
  });
  it('says why when the game would not run the script', () => {
    const view = ramView('w.js', calculateRam("import { x } from 'lib/none.js';\nexport function main() {}", { path: 'w.js' }), assumed);
    assert.equal(view.text, '$(server) RAM: ?');
    assert.match(view.tooltip, /an import that is not there/);
  });
});
