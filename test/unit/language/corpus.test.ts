import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { describe, it } from 'node:test';
import { RULES, type RuleId } from '../../../language';
import { workspace } from './helpers';

// The seed port guide (a player-written tutorial) as a corpus: its correct examples must lint clean, its bad ones
// must be flagged, except where the guide is wrong about the game (it calls a synchronous empty()-then-read a race,
// and says class instances and circular objects cannot be written: the game clones both).
const guide = readFileSync(new URL('../../fixtures/lint/seed-port-guide.md', import.meta.url), 'utf8');
const fences = [...guide.matchAll(/```(?:javascript|typescript)\n([\s\S]*?)```/g)].map((m) => m[1]!);

/** A fence often holds several scripts, each headed by a `// name.js` (or `// Script A`) comment: one file each. */
function filesOf(fence: string): Record<string, string> {
  const files: Record<string, string> = {};
  let name = 'snippet0.js';
  let n = 0;
  for (const line of fence.split('\n')) {
    const header = /^\/\/ (?:([\w-]+\.js)\b|Script ([A-Z]))/.exec(line);
    if (header) name = `${header[1] ?? `script-${header[2]}.js`}`.replace('.js', `-${n++}.js`);
    files[name] = `${files[name] ?? ''}${line}\n`;
  }
  return files;
}

/** What the guide's bad examples must raise, found by a phrase in the fence. */
const bad: { marker: string; rules: RuleId[] }[] = [
  { marker: 'BAD: Tight loop', rules: ['port-busy-loop'] },
  { marker: '// INCORRECT', rules: ['port-empty-falsy'] },
  { marker: 'ns.writePort(1, () => {}); // ERROR', rules: ['port-uncloneable-write'] },
  { marker: 'Script B reads port 1', rules: ['port-multiple-readers'] },
];

const loud = (rule: RuleId) => RULES[rule].severity !== 'info';

describe('the seed port guide as a corpus', () => {
  it('has its code examples', () => assert.ok(fences.length >= 20, `found ${fences.length} fences`));

  for (const [i, fence] of fences.entries()) {
    const expected = bad.find((b) => fence.includes(b.marker));
    const title = fence.trim().split('\n')[0]!.slice(0, 60);
    it(`${expected ? 'flags' : 'leaves alone'} example ${i}: ${title}`, () => {
      const ws = workspace(filesOf(fence));
      // Workspace rules depend on which scripts share a fence; judge a correct example by its file-local rules.
      const found = [...new Set(ws.diagnostics().filter((d) => loud(d.rule) && (expected || !RULES[d.rule].workspace)).map((d) => d.rule))].sort();
      assert.deepEqual(found, expected ? [...expected.rules].sort() : []);
    });
  }

  it('the synchronous check-then-read the guide calls a race is clean (the game runs it atomically)', () => {
    const fence = fences.find((f) => f.includes('UNSAFE: Race condition'))!;
    assert.deepEqual(workspace(filesOf(fence)).diagnostics().map((d) => d.rule), []);
  });
});
