import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parseRuleSettings } from '../../../language';
import { covered, fixed, lintOne, script } from './helpers';

function fixOf(body: string, rule: string): { before: string; after: string } {
  const { text, diagnostics } = lintOne(body);
  const d = diagnostics.find((x) => x.rule === rule);
  assert.ok(d, `${rule} in ${body}`);
  return { before: covered(text, d), after: fixed(text, d) };
}

describe('quick fixes', () => {
  const cases: [string, string, string][] = [
    ['port-empty-falsy', 'const v = ns.readPort(1); if (!v) return;', 'const v = ns.readPort(1); if (v === "NULL PORT DATA") return;'],
    ['port-empty-falsy', 'const v = ns.readPort(1); if (v) ns.print(v);', 'const v = ns.readPort(1); if (v !== "NULL PORT DATA") ns.print(v);'],
    ['port-empty-falsy', 'const v = ns.readPort(1); const w = v || "idle";', 'const v = ns.readPort(1); const w = (v === "NULL PORT DATA" ? "idle" : v);'],
    ['port-empty-falsy', 'const v = ns.readPort(1); const w = v ?? 0;', 'const v = ns.readPort(1); const w = (v === "NULL PORT DATA" ? 0 : v);'],
    ['port-empty-null-compare', 'const v = ns.readPort(1); if (v == null) return;', 'const v = ns.readPort(1); if (v === "NULL PORT DATA") return;'],
    ['port-empty-null-compare', 'const v = ns.readPort(1); if (typeof v !== "undefined") ns.print(v);', 'const v = ns.readPort(1); if (v !== "NULL PORT DATA") ns.print(v);'],
    ['port-sentinel-typo', "const v = ns.readPort(1); if (v === 'NULL_PORT_DATA') return;", 'const v = ns.readPort(1); if (v === "NULL PORT DATA") return;'],
    ['port-await-sync', 'await ns.writePort(1, 2);', 'ns.writePort(1, 2);'],
    ['port-nextwrite-not-awaited', 'ns.getPortHandle(1).nextWrite();', 'await ns.getPortHandle(1).nextWrite();'],
    ['port-overflow-ignored', 'ns.writePort(1, { a: 1 });', 'while (!ns.tryWritePort(1, { a: 1 })) await ns.sleep(50);'],
    ['port-overflow-ignored', 'const h = ns.getPortHandle(2); h.write("x");', 'const h = ns.getPortHandle(2); while (!h.tryWrite("x")) await ns.sleep(50);'],
  ];
  for (const [rule, body, expected] of cases) {
    it(`${rule}: ${body}`, () => assert.equal(fixOf(body, rule).after, script(expected)));
  }

  it('a fixed file lints clean of the fixed rule', () => {
    const { after } = fixOf('const v = ns.readPort(1); if (!v) return; ns.print(v.x);', 'port-empty-falsy');
    assert.deepEqual(lintOne(after).diagnostics.filter((d) => d.severity !== 'info').map((d) => d.rule), []);
  });

  it('offers no overflow fix outside an async function (it needs an await)', () => {
    const { diagnostics } = lintOne('export function send(ns) { ns.writePort(1, 2); }');
    assert.deepEqual(diagnostics.find((d) => d.rule === 'port-overflow-ignored')?.fixes, []);
  });
});

describe('suppression, settings, bad input', () => {
  it('a disable-next-line comment silences the named rule on the next line only', () => {
    const body = 'const a = ns.readPort(1), b = ns.readPort(2);\n// bbports-disable-next-line port-empty-falsy\nif (!a) return;\nif (!b) return;';
    const { ws, diagnostics } = lintOne(body);
    assert.deepEqual(diagnostics.filter((d) => d.rule === 'port-empty-falsy').map((d) => ws.position(d.file, d.start).line + 1), [5]);
  });

  it('a direct read tested with || gets no fix that would read twice', () => {
    assert.deepEqual(lintOne('const v = ns.readPort(1) || "idle";').diagnostics.find((d) => d.rule === 'port-empty-falsy')?.fixes, []);
  });

  it('a disable comment without rules silences every rule on the next line; another rule name does not', () => {
    assert.equal(lintOne('// bbports-disable-next-line\nawait ns.writePort(0, () => 1);').diagnostics.filter((d) => d.severity !== 'info').length, 0);
    assert.equal(lintOne('// bbports-disable-next-line port-busy-loop\nns.writePort(0, 1);').diagnostics.filter((d) => d.rule === 'port-invalid-number').length, 1);
  });

  it('per-rule severities apply, and off removes a rule', () => {
    const body = 'const v = ns.readPort(1); if (!v) return; ns.writePort(1, v);';
    const d = lintOne(body, { 'port-empty-falsy': 'hint', 'port-overflow-ignored': 'off' }).diagnostics;
    assert.equal(d.find((x) => x.rule === 'port-empty-falsy')?.severity, 'hint');
    assert.equal(d.some((x) => x.rule === 'port-overflow-ignored'), false);
  });

  it('a broken rules setting is named with what to write, and its valid entries still apply', () => {
    const { settings, problems } = parseRuleSettings({ 'port-busy-loop': 'off', 'port-typo': 'error', 'port-await-sync': 'loud' }, 'bitburnerPorts.lint.rules');
    assert.deepEqual(settings, { 'port-busy-loop': 'off' });
    assert.equal(problems.length, 2);
    assert.match(problems[0]!, /"port-typo" is not a rule/);
    assert.match(problems[1]!, /"port-await-sync" is "loud"; use one of error, warning, info, hint, off/);
    assert.match(parseRuleSettings('off', 'x').problems[0]!, /must be an object/);
  });

  it('a syntax error gives no crash, and the code that parses is still linted', () => {
    const { diagnostics } = lintOne('const v = ns.readPort(1); if (!v) return;\nconst = = {;\nfunction (');
    assert.ok(diagnostics.some((d) => d.rule === 'port-empty-falsy'));
  });
});
