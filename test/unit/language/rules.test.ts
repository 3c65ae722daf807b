import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleId } from '../../../language';
import { lintOne, workspace } from './helpers';

/** Per rule: code it must flag, and correct code it must leave alone. */
const cases: { rule: RuleId; flag: string[]; clean: string[] }[] = [
  {
    rule: 'port-empty-falsy',
    flag: [
      'const v = ns.readPort(1); if (!v) return;',
      'const v = ns.peek(2); if (v) ns.print(v);',
      'const h = ns.getPortHandle(3); const msg = h.read(); const x = msg || "none";',
      'const v = ns.readPort(1) ?? "empty";',
      'const v = ns.readPort(1); if (v && v.type === "x") ns.print(v);',
      'const h = ns.getPortHandle(3); while (h.read()) {}',
      'function next() { return ns.readPort(4); }\nconst m = next(); if (!m) return;',
    ],
    clean: [
      'const v = ns.readPort(1); if (v === "NULL PORT DATA") return; if (!v.done) ns.print(v);',
      'const v = ns.readPort(1); if (v !== "NULL PORT DATA" && v) ns.print(v);',
      'const flag = ns.args[0]; if (!flag) return;',
      'const file = ns.read("data.txt"); if (!file) return;',
    ],
  },
  {
    rule: 'port-empty-null-compare',
    flag: [
      'const v = ns.readPort(1); if (v === null) return;',
      'const v = ns.readPort(1); if (v == undefined) return;',
      'const v = ns.peek(1); if (v !== "") ns.print(v);',
      'const v = ns.readPort(1); if (typeof v === "undefined") return;',
    ],
    clean: [
      'const popped = ns.writePort(1, "x"); if (popped !== null) ns.print(popped);',
      'const v = ns.readPort(1); if (v === "NULL PORT DATA") return; if (v.result === null) ns.print("none");',
    ],
  },
  {
    rule: 'port-sentinel-typo',
    flag: [
      'const v = ns.readPort(1); if (v === "NULL_PORT_DATA") return;',
      'const v = ns.readPort(1); if (v !== "null port data") ns.print(v);',
      'const v = ns.readPort(1); if (v === "NULL PORT  DATA") return;',
      'const EMPTY = "NUL PORT DATA"; const v = ns.readPort(1); if (v === EMPTY) return;',
    ],
    clean: ['const v = ns.readPort(1); if (v === "NULL PORT DATA") return;', 'const v = ns.readPort(1); if (v === "NULL PORTS") return;'],
  },
  {
    rule: 'port-read-unchecked',
    flag: [
      'const v = ns.readPort(1); ns.print(v.target);',
      'const { target, threads } = ns.readPort(1);',
      'const h = ns.getPortHandle(1); const n = h.read(); const total = n * 2;',
      'const v = ns.readPort(1) as any; ns.print(v.x);',
      'const h = ns.getPortHandle(1); if (!h.empty()) { await ns.sleep(10); } const v = h.read(); ns.print(v.x);',
      'const h = ns.getPortHandle(5); ns.print(h.peek().target);',
      'async function recv(port) { await port.nextWrite(); return port.read(); }\nconst m = await recv(ns.getPortHandle(2)); ns.print(m.x);',
      // The peek saw a message, but the await lets other scripts take it before the read.
      'const h = ns.getPortHandle(1); let msg = h.peek(); await ns.sleep(5); if (msg === "NULL PORT DATA") return; msg = h.read(); ns.print(msg.x);',
      // The check was on an older peek: the variable holds a read by the time it is tested.
      'const h = ns.getPortHandle(1); let msg = h.peek(); msg = h.read(); if (msg === "NULL PORT DATA") return; const m = h.read(); ns.print(m.x);',
    ],
    clean: [
      'const v = ns.readPort(1); if (v === "NULL PORT DATA") return; ns.print(v.target);',
      'const h = ns.getPortHandle(1); while (true) { const v = h.read(); if (v === "NULL PORT DATA") break; ns.print(v.x); }',
      'const h = ns.getPortHandle(1); for (;;) { await ns.sleep(1); const v = h.read(); if (v === "NULL PORT DATA") continue; ns.print(v.x); }',
      'const h = ns.getPortHandle(1); if (!h.empty()) { const v = h.read(); ns.print(v.x); }',
      'const h = ns.getPortHandle(1); while (!h.empty()) { const v = h.read(); ns.print(v.x); }',
      'const h = ns.getPortHandle(1); if (h.empty()) return; const v = h.read(); ns.print(v.x);',
      'const v = ns.readPort(1); if (typeof v === "object" && v.type === "hack") ns.print(v.target);',
      'const v = ns.peek(1); if (typeof v === "string") return; ns.print(v.n);',
      'let m; while ((m = ns.readPort(2)) !== "NULL PORT DATA") ns.print(m.value);',
      'const v = ns.readPort(1); if (v.type === "hack") ns.print(v.target);',
      'const NONE = "NULL PORT DATA"; const v = ns.readPort(1); if (v === NONE) return; ns.print(v.x);',
      'const v = ns.readPort(1); v !== "NULL PORT DATA" && ns.print(v.x);',
      'const v = ns.readPort(1); const t = v === "NULL PORT DATA" ? 0 : v.time;',
      'let v = ns.readPort(1); while (v !== "NULL PORT DATA") { ns.print(v.x); v = ns.readPort(1); }',
      'const h = ns.getPortHandle(1); await h.nextWrite(); const v = h.read(); ns.print(v.x);',
      'const h = ns.getPortHandle(1); if (h.empty()) await h.nextWrite(); const v = h.read(); ns.print(v.x);',
      'const v = ns.readPort(1); ns.print(`got ${v}`); ns.print(JSON.stringify(v));',
      // A peek that saw a message and the read after it, with no await between, are atomic (one thread).
      'interface Job { target: string }\nexport async function main(ns: NS) { const h = ns.getPortHandle(1); let msg = h.peek(); if (msg === "NULL PORT DATA") return; msg = h.read() as Job; ns.print(msg.target); }',
      'const h = ns.getPortHandle(1); const next = h.peek(); if (next === "NULL PORT DATA") return; const job = h.read(); ns.print(job.target);',
      'let p = ns.peek(3); if (p !== "NULL PORT DATA") { const job = ns.readPort(3); ns.print(job.target); }',
    ],
  },
  {
    rule: 'port-check-then-act',
    flag: [
      'const h = ns.getPortHandle(1); if (!h.empty()) { await ns.sleep(100); const v = h.read(); }',
      'const h = ns.getPortHandle(1); if (!h.full()) { await ns.sleep(10); h.write(1); }',
      'const h = ns.getPortHandle(1); if (h.empty()) return; await ns.sleep(5); h.read();',
      'while (!ns.getPortHandle(2).empty()) { await ns.asleep(1); ns.readPort(2); }',
      'const h = ns.getPortHandle(1); const next = h.peek(); if (next !== "NULL PORT DATA") { await ns.sleep(1); h.read(); }',
    ],
    clean: [
      // Synchronous check-then-read is atomic in the game: the seed guide calls it a race, the game does not.
      'const port = ns.getPortHandle(1); if (!port.empty()) { const data = port.read(); ns.print(data); }',
      'const port = ns.getPortHandle(1); if (!port.full()) port.write({ a: 1 });',
      'const port = ns.getPortHandle(1); while (port.full()) { await ns.sleep(50); } port.write(1);',
      'const h = ns.getPortHandle(1); while (!h.empty()) { const v = h.read(); await ns.sleep(1); }',
    ],
  },
  {
    rule: 'port-nextwrite-not-awaited',
    flag: ['const h = ns.getPortHandle(1); h.nextWrite();', 'ns.nextPortWrite(3);'],
    clean: ['await ns.getPortHandle(1).nextWrite();', 'const w = ns.nextPortWrite(3); await Promise.race([w, ns.asleep(100)]);', 'ns.nextPortWrite(3).then(() => ns.print("hi"));'],
  },
  {
    rule: 'port-busy-loop',
    flag: [
      'const port = ns.getPortHandle(1); while (true) { if (!port.empty()) { ns.print(port.read()); } }',
      'for (;;) { const v = ns.readPort(1); if (v === "NULL PORT DATA") continue; await ns.sleep(10); }',
      'const h = ns.getPortHandle(1); while (h.empty()) {} ',
      'while (1) { ns.writePort(1, "tick"); if (Math.random() > 2) await ns.sleep(1); }',
      'const port = ns.getPortHandle(1); while (true) { if (!port.empty()) { ns.print("has data"); continue; } await ns.sleep(10); }',
      'while (true) { if (ns.peek(1) !== "NULL PORT DATA") continue; await ns.sleep(10); }',
      // The guard proves port 1 holds a message, but the read takes from port 2: port 1 never drains.
      'const port = ns.getPortHandle(1); while (true) { if (port.empty()) await port.nextWrite(); ns.print(ns.readPort(2)); }',
      'const port = ns.getPortHandle(1); while (true) { if (port.empty()) ns.print("idle"); ns.print(port.read()); }',
      'const port = ns.getPortHandle(1); while (true) { if (port.empty()) await port.nextWrite(); if (Math.random() > 2) ns.print(port.read()); }',
    ],
    clean: [
      'const port = ns.getPortHandle(1); while (true) { await port.nextWrite(); ns.print(port.read()); }',
      'const port = ns.getPortHandle(1); while (true) { if (!port.empty()) ns.print(port.read()); await ns.sleep(100); }',
      'const port = ns.getPortHandle(1); while (!port.empty()) { ns.print(port.read()); }',
      'while (true) { const v = ns.readPort(1); if (v === "NULL PORT DATA") break; ns.print(v); }',
      'while (true) { ns.print("no ports here"); }',
      'const port = ns.getPortHandle(1); while (port.full()) port.read();',
      // Without an await only while messages keep coming, and none can come while it spins: it drains, then sleeps.
      'for (;;) { const m = ns.readPort(4); if (m === "NULL PORT DATA") { await ns.sleep(50); continue; } ns.print(m.id); }',
      'const port = ns.getPortHandle(1); while (true) { if (!port.empty()) { ns.print(port.read()); continue; } await ns.sleep(10); }',
      // The game's own nextWrite example: past the guard the port holds a message, and the read takes it.
      'const port = ns.getPortHandle(1); while (true) { if (port.empty()) await port.nextWrite(); const data = port.read(); ns.print(data); }',
      'const jobs = ns.getPortHandle(1); for (;;) { if (jobs.empty()) await jobs.nextWrite(); const job = jobs.read(); if (job === "NULL PORT DATA") continue; ns.print(job.target); }',
      'while (true) { if (ns.peek(1) === "NULL PORT DATA") { await ns.nextPortWrite(1); continue; } ns.print(ns.readPort(1)); }',
    ],
  },
  {
    rule: 'port-uncloneable-write',
    flag: [
      'ns.writePort(1, () => 1);',
      'ns.writePort(1, { run() { return 1; } });',
      'ns.writePort(1, { cb: function () {} });',
      'ns.writePort(1, ns);',
      'ns.writePort(1, { ns });',
      'ns.getPortHandle(1).write(new Promise((r) => r(1)));',
      'async function load() { return 1; }\nns.tryWritePort(1, load());',
      'function helper() {}\nns.writePort(1, helper);',
      'const msg = { done: () => 0 }; ns.writePort(1, msg);',
      'export function send(ns: NS, pending: Promise<number>) { ns.writePort(1, pending); }',
      'export function send(ns: NS, onDone: () => void) { ns.writePort(1, { onDone }); }',
    ],
    clean: [
      'class Job { constructor() { this.x = 1; } }\nns.writePort(1, new Job());',
      'const o = {}; o.self = o; ns.writePort(1, o);',
      'ns.writePort(1, { when: new Date(), seen: new Set([1]), m: new Map() });',
      'async function load() { return 1; }\nns.writePort(1, await load());',
      'ns.writePort(1, [1, 2, "x", { y: null }]);',
      'export function send(ns: NS, job: { target: string }) { ns.writePort(1, job); }',
    ],
  },
  {
    rule: 'port-invalid-number',
    flag: ['ns.writePort(0, 1);', 'ns.readPort(-3);', 'ns.peek(1.5);', 'const P = 2 ** 60; ns.getPortHandle(9007199254740993).write(1);', 'const PORTS = { A: 0 }; ns.readPort(PORTS.A);', 'ns.clearPort("abc");'],
    clean: ['ns.writePort(1, 1);', 'ns.readPort("5");', 'const PORTS = { A: 20 }; ns.readPort(PORTS.A);', 'ns.readPort(Number.MAX_SAFE_INTEGER);', 'function f(p) { ns.readPort(p); }'],
  },
  {
    rule: 'port-await-sync',
    flag: ['await ns.writePort(1, "x");', 'const v = await ns.readPort(1); if (v === "NULL PORT DATA") return;', 'await ns.getPortHandle(1).write(2);'],
    clean: ['await ns.nextPortWrite(1);', 'await ns.getPortHandle(1).nextWrite();', 'await ns.sleep(1);'],
  },
  {
    rule: 'port-overflow-ignored',
    flag: ['ns.writePort(1, "x");', 'const h = ns.getPortHandle(1); h.write({ a: 1 });'],
    clean: ['const evicted = ns.writePort(1, "x"); if (evicted !== null) ns.print(evicted);', 'if (!ns.tryWritePort(1, "x")) ns.print("full");'],
  },
];

describe('lint rules, one file at a time', () => {
  for (const { rule, flag, clean } of cases) {
    describe(rule, () => {
      for (const body of flag) {
        it(`flags: ${body.replace(/\n/g, ' ')}`, () => {
          const { diagnostics } = lintOne(body);
          assert.ok(diagnostics.some((d) => d.rule === rule), `expected ${rule}, got ${JSON.stringify(diagnostics.map((d) => d.rule))}`);
        });
      }
      for (const body of clean) {
        it(`leaves alone: ${body.replace(/\n/g, ' ')}`, () => {
          const { diagnostics } = lintOne(body);
          assert.deepEqual(diagnostics.filter((d) => d.rule === rule || d.severity === 'error').map((d) => d.rule), []);
        });
      }
    });
  }
});

describe('workspace rules', () => {
  it('port-multiple-readers flags each consuming read, pointing at the others', () => {
    const ws = workspace({ 'a.js': 'export async function main(ns) { ns.readPort(7); }', 'b.js': 'export async function main(ns) { ns.getPortHandle(7).read(); }', 'c.js': 'export async function main(ns) { ns.peek(7); ns.writePort(7, 1); }' });
    const found = ws.diagnostics().filter((d) => d.rule === 'port-multiple-readers');
    assert.deepEqual(found.map((d) => d.file.split('/').pop()), ['a.js', 'b.js']);
    assert.equal(found[0]!.related[0]!.file, '/ws/b.js');
  });

  it('port-multiple-readers stays quiet when one script reads and others peek', () => {
    const ws = workspace({ 'a.js': 'export async function main(ns) { ns.readPort(7); ns.readPort(7); }', 'b.js': 'export async function main(ns) { ns.peek(7); }' });
    assert.equal(ws.diagnostics().filter((d) => d.rule === 'port-multiple-readers').length, 0);
  });

  it('port-unknown-message-type flags a type no writer sends, and only when every writer is visible', () => {
    const reader = 'export async function main(ns) { const m = ns.readPort(3); if (m === "NULL PORT DATA") return; switch (m.type) { case "hack": break; case "grwo": break; } }';
    const ws = workspace({ 'r.js': reader, 'w.js': 'export async function main(ns) { ns.writePort(3, { type: "hack" }); ns.writePort(3, { type: "grow", t: 1 }); }' });
    const found = ws.diagnostics().filter((d) => d.rule === 'port-unknown-message-type');
    assert.equal(found.length, 1);
    assert.match(found[0]!.message, /"grwo"/);
    const opaque = workspace({ 'r.js': reader, 'w.js': 'export async function main(ns) { ns.writePort(3, { type: "hack" }); ns.writePort(3, ns.args[0]); }' });
    assert.equal(opaque.diagnostics().filter((d) => d.rule === 'port-unknown-message-type').length, 0);
  });

  it('port-nextwrite-unchecked fires only when another script reads the port too', () => {
    const waiter = 'export async function main(ns) { const h = ns.getPortHandle(4); await h.nextWrite(); const m = h.read(); ns.print(m.x); }';
    const alone = workspace({ 'a.js': waiter, 'w.js': 'export async function main(ns) { ns.writePort(4, { x: 1 }); }' });
    assert.equal(alone.diagnostics().filter((d) => d.rule === 'port-nextwrite-unchecked' || d.rule === 'port-read-unchecked').length, 0);
    const shared = workspace({ 'a.js': waiter, 'b.js': 'export async function main(ns) { ns.readPort(4); }' });
    assert.deepEqual(shared.diagnostics().filter((d) => d.rule === 'port-nextwrite-unchecked').map((d) => d.file), ['/ws/a.js']);
  });

  it('port-no-reader and port-no-writer are info', () => {
    const ws = workspace({ 'a.js': 'export async function main(ns) { ns.writePort(8, 1); ns.peek(9); }' });
    const byRule = Object.fromEntries(ws.diagnostics().map((d) => [d.rule, d.severity]));
    assert.equal(byRule['port-no-reader'], 'info');
    assert.equal(byRule['port-no-writer'], 'info');
  });
});
