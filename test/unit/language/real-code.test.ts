// Reductions of what the linter got wrong on public players' repositories (issue 14): one case per pattern, written
// here from scratch. Each `quiet` case was a false report; each `flag` case a real bug the linter missed.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { RuleId } from '../../../language';
import { lintOne, workspace } from './helpers';

const rulesOf = (body: string, rule: RuleId) => lintOne(body).diagnostics.filter((d) => d.rule === rule);

function quiet(title: string, rule: RuleId, body: string): void {
  it(`quiet: ${title}`, () => assert.deepEqual(rulesOf(body, rule).map((d) => d.message), []));
}

function flags(title: string, rule: RuleId, body: string): void {
  it(`flags: ${title}`, () => assert.equal(rulesOf(body, rule).length, 1, `expected one ${rule}`));
}

describe('sentinel checks players write', () => {
  quiet('startsWith("NULL") as the check', 'port-read-unchecked', 'const v = ns.readPort(1); if (v.startsWith("NULL")) return; const w = v.split(" "); ns.print(JSON.parse(w[1]).x);');
  quiet('split, then case "NULL": return', 'port-read-unchecked', 'const words = ns.readPort(1).split(" "); switch (words[0]) { case "NULL": return; case "go": ns.print(JSON.parse(words[1]).x); }');
  quiet('a switch on the value with a sentinel case', 'port-read-unchecked', 'const v = ns.readPort(1); switch (v) { case "NULL PORT DATA": return; default: ns.print(v.x); }');
  quiet('String(v) compared with the sentinel', 'port-read-unchecked', 'const v = ns.readPort(1); if (String(v) === "NULL PORT DATA") return; ns.print(v.x);');
  quiet('the sentinel replaced, then tested for truthiness', 'port-empty-falsy', 'let peer = ns.readPort(1); if (peer.startsWith("NULL")) { peer = ""; } if (peer) ns.print(peer);');
  quiet('peek checked, then read in the same synchronous block', 'port-read-unchecked', 'const head = ns.peek(1); if (head.startsWith("NULL")) return; const m = ns.readPort(1); ns.print(m.x);');
  quiet('written when empty, then read', 'port-read-unchecked', 'const h = ns.getPortHandle(1); if (h.empty()) { h.write({}); } const data = h.read(); data.x = 1;');
  quiet('a key of the peek, with a fallback', 'port-read-unchecked', 'const host = ns.args[0]; const pw = ns.peek(1)[host] ?? null; ns.print(pw);');
  quiet('an optional key compared with null', 'port-read-unchecked', 'const r = ns.peek(1); if (r?.[ns.args[0]] != null) ns.print(r[ns.args[0]]);');
});

describe('only the game\'s ns and its handles are ports', () => {
  quiet("a player's wrapper returning null when empty", 'port-empty-falsy', 'const readData = (ns, p) => Ports(ns).getPortHandle(p).peek();\nconst d = readData(ns, 3) || {};');
  quiet("a player's queue object with read/empty methods", 'port-read-unchecked', 'const q = new Queue(); while (!q.empty()) ns.print(q.read().x); q.write(1); q.tryWrite(2); await q.nextWrite();');
  flags('a handle held in a field', 'port-read-unchecked', 'class S { constructor(ns) { this.port = ns.getPortHandle(1); } next() { const v = this.port.read(); return v.x; } }');
  quiet('a field the class fills with its own queue', 'port-read-unchecked', 'class S { constructor() { this.port = new Queue(); } next() { const v = this.port.read(); return v.x; } }');
  flags('ns held in a field', 'port-read-unchecked', 'class A { constructor(ns) { this.ns = ns; } run() { const v = this.ns.readPort(1); return v.x; } }');
});

describe('awaits', () => {
  quiet('await port.read() is no await between the check and the read', 'port-check-then-act', 'const h = ns.getPortHandle(1); const head = h.peek(); if (head !== "NULL PORT DATA") { const m = await h.read(); ns.print(m.x); }');
});

describe('loops that leave or always take a message', () => {
  quiet('leaves with ns.exit() on the sentinel', 'port-busy-loop', 'while (true) { const msg = ns.readPort(1); ns.tprint(msg); if (msg == "NULL PORT DATA") { ns.exit(); } }');
  quiet('a switch whose sentinel case awaits', 'port-busy-loop', 'while (true) { const c = ns.readPort(1); switch (c) { case "NULL PORT DATA": await ns.share(); break; default: ns.print(c); } }');
  quiet('String(readPort()) compared with the sentinel', 'port-busy-loop', 'while (true) { const d = String(ns.readPort(1)); if (d == "NULL PORT DATA") { await ns.nextPortWrite(1); continue; } ns.print(d); }');
  quiet('a flag set again before the loop resumes', 'port-busy-loop', 'let waiting = true; const p = ns.getPortHandle(1); while (true) { if (waiting) { ns.print(p.read()); waiting = false; await p.nextWrite().then(() => { waiting = true; }); } }');
  quiet('a flag that switches to the branch that awaits', 'port-busy-loop', 'let stop = false; while (true) { if (stop) { if (ns.peek(1) == "go") { stop = false; } else { await ns.sleep(100); } } else { if (ns.peek(1) == "stop") stop = true; await ns.sleep(10); } }');
});

describe('misses: values the sentinel breaks', () => {
  flags('JSON.parse of a peek', 'port-read-unchecked', 'const cfg = JSON.parse(ns.peek(1)); ns.print(cfg);');
  flags('JSON.parse of a read held in a variable', 'port-read-unchecked', 'const raw = ns.readPort(1); const m = JSON.parse(raw); ns.print(m);');
  flags('Object.entries of a peek', 'port-read-unchecked', 'const data = ns.peek(1); for (const [k, v] of Object.entries(data)) ns.print(k, v);');
  flags('Object.keys of a read', 'port-read-unchecked', 'ns.print(Object.keys(ns.readPort(1)).length);');
  flags('arithmetic with a peek', 'port-read-unchecked', 'const beat = ns.peek(1); if ((Date.now() - beat) / 1000 > 300) ns.print("stale");');
  quiet('JSON.parse after an empty() guard', 'port-read-unchecked', 'const h = ns.getPortHandle(1); while (!h.empty()) ns.print(JSON.parse(h.read()).x);');
});

describe('misses: writes and calls', () => {
  flags('writing this, when the class holds ns', 'port-uncloneable-write', 'class Job { constructor(ns) { this.ns = ns; this.id = 1; } send() { this.ns.writePort(1, this); } }');
  flags('writing this, when the class holds a port handle', 'port-uncloneable-write', 'class Q { constructor(ns) { this.port = ns.getPortHandle(2); } send(ns) { ns.writePort(1, this); } }');
  flags('writing a field that holds ns', 'port-uncloneable-write', 'class Job { constructor(ns) { this.ctx = { ns }; } send(ns) { ns.writePort(1, this.ctx); } }');
  quiet('writing this of a plain-data class', 'port-uncloneable-write', 'class Job { constructor(id) { this.id = id; } send(ns) { ns.writePort(1, this); } }');
  flags('port.empty(); thrown away', 'port-result-unused', 'const p = ns.getPortHandle(1); p.empty();');
  flags('ns.isEmptyPort(n) thrown away', 'port-result-unused', 'ns.isEmptyPort(1);');
  quiet('a read thrown away drops a message on purpose', 'port-result-unused', 'const p = ns.getPortHandle(1); p.read(); ns.readPort(1);');
  it('knows ns.isEmptyPort(n) and ns.isFullPort(n) as checks of port n', () => {
    assert.deepEqual(rulesOf('if (!ns.isEmptyPort(1)) { const v = ns.readPort(1); ns.print(v.x); }', 'port-read-unchecked'), []);
    assert.equal(rulesOf('while (true) { if (!ns.isFullPort(1)) ns.writePort(1, 1); }', 'port-busy-loop').length, 1);
    assert.equal(rulesOf('ns.isFullPort(0.5);', 'port-invalid-number').length, 1);
  });
});

describe('workspace rules that cannot see all traffic stay quiet', () => {
  const names = (files: Record<string, string>, rule: RuleId) => workspace(files).diagnostics().filter((d) => d.rule === rule).map((d) => d.file);
  it('no-writer, when writes go through a helper taking the port number', () => {
    const files = { 'lib.js': 'export function put(ns, port, data) { ns.clearPort(port); ns.writePort(port, data); }', 'a.js': 'export async function main(ns) { if (ns.peek(7) === "x") ns.print(1); }' };
    assert.deepEqual(names(files, 'port-no-writer'), []);
  });
  it('no-reader, when reads go through a handle passed in', () => {
    const files = { 'lib.js': 'export function drain(port) { const out = []; while (!port.empty()) out.push(port.read()); return out; }', 'a.js': 'export async function main(ns) { ns.writePort(8, "x"); }' };
    assert.deepEqual(names(files, 'port-no-reader'), []);
  });
  it('multiple-readers, when the port number comes from ns.args', () => {
    const files = { 'w.js': 'export async function main(ns) { ns.writePort(ns.args[0], "x"); }', 'a.js': 'export async function main(ns) { ns.print(ns.readPort(5)); }', 'b.js': 'export async function main(ns) { ns.print(ns.readPort(5)); }' };
    assert.deepEqual(names(files, 'port-multiple-readers'), []);
  });
  it('multiple-readers, when each reader takes only the messages addressed to it after a peek', () => {
    const reader = (me: string) => `export async function main(ns) { while (true) { const head = ns.peek(2); if (head.startsWith("${me}:")) ns.print(ns.readPort(2)); await ns.sleep(10); } }`;
    const files = { 'w.js': 'export async function main(ns) { ns.writePort(2, "a: hi"); }', 'a.js': reader('a'), 'b.js': reader('b') };
    assert.deepEqual(names(files, 'port-multiple-readers'), []);
  });
  it('still reports two plain readers when every use is visible', () => {
    const files = { 'w.js': 'export async function main(ns) { ns.writePort(5, "x"); }', 'a.js': 'export async function main(ns) { ns.print(ns.readPort(5)); }', 'b.js': 'export async function main(ns) { ns.print(ns.readPort(5)); }' };
    assert.equal(names(files, 'port-multiple-readers').length, 2);
  });
});

describe('more shapes from real code', () => {
  quiet('a while loop that waits until the read is real', 'port-read-unchecked', 'let s = ns.readPort(1); while (s === "NULL PORT DATA") { await ns.asleep(1); s = ns.readPort(1); } const data = JSON.parse(s); ns.print(data.x);');
  quiet('JSON.parse in a try that catches', 'port-read-unchecked', 'const s = ns.peek(1); try { const d = JSON.parse(s); ns.print(d.x); } catch (e) { ns.print("bad"); }');
});

describe('dropping a peeked message after an await', () => {
  const server = 'export async function main(ns) { while (true) { const head = ns.peek(3); if (head !== "NULL PORT DATA" && !head.includes(": ")) { await ns.sleep(1); ns.readPort(3); continue; } await ns.sleep(10); } }';
  const client = 'export async function main(ns) { const me = ns.pid + ": "; while (true) { const head = ns.peek(3); if (head.startsWith(me)) return ns.readPort(3); await ns.sleep(5); } }';
  const found = (files: Record<string, string>) => workspace(files).diagnostics().filter((d) => d.rule === 'port-check-then-act').length;
  it('is quiet when the other readers take only messages addressed to them', () => assert.equal(found({ 's.js': server, 'c.js': client, 'w.js': 'export async function main(ns) { ns.writePort(3, "1: x"); }' }), 0));
  it('is reported when another reader takes any message', () => assert.equal(found({ 's.js': server, 'c.js': 'export async function main(ns) { ns.print(ns.readPort(3)); }', 'w.js': 'export async function main(ns) { ns.writePort(3, "1: x"); }' }), 1));
});

describe('reads right after a write arrived', () => {
  quiet('while (await nextPortWrite(p)) then an awaited read', 'port-read-unchecked', 'while (await ns.nextPortWrite(ns.pid)) { const data = JSON.parse(await ns.readPort(ns.pid)); ns.print(data.x); }');
});

describe('traffic through helpers that take the port number', () => {
  const helpers = 'function put(ns, port, data) { ns.clearPort(port); ns.writePort(port, data); }\nfunction take(ns, port) { return ns.readPort(port); }\n';
  const names = (files: Record<string, string>, rule: RuleId) => workspace(files).diagnostics().filter((d) => d.rule === rule).map((d) => d.file.slice(d.file.lastIndexOf('/') + 1));
  it('counts a helper call with a constant port as a use of that port', () => {
    const files = { 'a.js': 'function take(ns, port) { return ns.readPort(port); }\nexport async function main(ns) { ns.print(take(ns, 4)); }', 'b.js': `${helpers}export async function main(ns) { ns.print(take(ns, 4)); put(ns, 4, "x"); }` };
    assert.deepEqual(names(files, 'port-multiple-readers').sort(), ['a.js', 'b.js']);
    assert.deepEqual(names(files, 'port-no-writer'), []);
  });
  it('a helper write to a port nobody reads is a no-reader finding at the call', () => {
    const files = { 'a.js': 'function put(ns, port, data) { ns.writePort(port, data); }\nexport async function main(ns) { put(ns, 9, "x"); }' };
    assert.deepEqual(names(files, 'port-no-reader'), ['a.js']);
  });
  it('a helper called with a port from ns.args keeps the traffic hidden', () => {
    const files = { 'a.js': `${helpers}export async function main(ns) { put(ns, ns.args[0], "x"); }`, 'b.js': 'export async function main(ns) { ns.print(ns.peek(3) === "x"); }' };
    assert.deepEqual(names(files, 'port-no-writer'), []);
  });
  it('an exported helper keeps its traffic hidden: other files may call it with other ports', () => {
    const files = { 'lib.js': 'export function put(ns, port, data) { ns.writePort(port, data); }\nexport async function main(ns) { put(ns, 9, "x"); }', 'b.js': 'export async function main(ns) { ns.print(ns.peek(3) === "x"); }' };
    assert.deepEqual(names(files, 'port-no-writer'), []);
  });
});

describe('traffic through helpers that take a handle', () => {
  it('a handle passed to a helper is a use of its port at the call', () => {
    const files = { 'a.js': 'function drain(port) { const out = []; while (!port.empty()) out.push(port.read()); return out; }\nexport async function main(ns) { ns.print(drain(ns.getPortHandle(6))); }', 'w.js': 'export async function main(ns) { ns.writePort(6, 1); ns.writePort(7, 1); }' };
    const found = workspace(files).diagnostics().filter((d) => d.rule === 'port-no-reader').map((d) => d.message.match(/port (\d+)/)![1]);
    assert.deepEqual(found, ['7']);
  });
});

describe('truthiness beside a sentinel test', () => {
  quiet('v && v !== "NULL PORT DATA"', 'port-empty-falsy', 'const v = ns.readPort(1); if (v && v !== "NULL PORT DATA") ns.print(v);');
  quiet('!v || v === "NULL PORT DATA"', 'port-empty-falsy', 'const v = ns.readPort(1); if (!v || v === "NULL PORT DATA") return; ns.print(v);');
  flags('v && v.x, with no sentinel test', 'port-empty-falsy', 'const v = ns.readPort(1); if (v && v.x) ns.print(v);');
  flags('!v || v.done, with no sentinel test', 'port-empty-falsy', 'const v = ns.readPort(1); if (!v || v.done) return; ns.print(v);');
});

describe('helpers that return a port value', () => {
  quiet('a helper that returns false on the sentinel', 'port-read-unchecked', 'function pop(ns) { const v = ns.readPort(1); if (v === "NULL PORT DATA") return false; return v; }\nconst job = pop(ns); if (job !== false) ns.print(job.target);');
  flags('a helper that returns the read unchecked', 'port-read-unchecked', 'function pop(ns) { const v = ns.readPort(1); return v; }\nconst job = pop(ns); ns.print(job.target);');
});

describe('misses: objects handed to a constructor, then written from a field', () => {
  const found = (files: Record<string, string>) => workspace(files).diagnostics().filter((d) => d.rule === 'port-uncloneable-write').map((d) => `${d.file.slice(d.file.lastIndexOf('/') + 1)}: ${d.message}`);
  const publisher = 'export class Publisher {\n  constructor(ns, port, item) {\n    this.handle = ns.getPortHandle(port);\n    this.item = item;\n    this.handle.write(this.item);\n  }\n}\n';
  const tally = 'export class Tally {\n  constructor(ns) {\n    this.ns = ns;\n    this.count = 0;\n  }\n}\n';
  it('flags a field given, in the same file, an instance that holds ns', () => {
    const files = { 'pub.js': `${publisher}${tally}export async function main(ns) { new Publisher(ns, 5, new Tally(ns)); }` };
    assert.deepEqual(found(files).length, 1);
    assert.match(found(files)[0]!, /^pub\.js: .*Tally.*ns object/);
  });
  it('is quiet when every construction passes plain data', () => {
    const files = { 'pub.js': `${publisher}export async function main(ns) { new Publisher(ns, 5, { count: 0 }); new Publisher(ns, 6, [1, 2]); }` };
    assert.deepEqual(found(files), []);
  });
  it('follows a method the constructor hands the object to', () => {
    const service = 'class Service {\n  constructor(ns, obj) {\n    this.ns = ns;\n    this.port = ns.getPortHandle(9);\n    this.publish(obj);\n  }\n  publish(obj) {\n    this.object = obj;\n    this.port.clear();\n    this.port.write(this.object);\n  }\n}\n';
    const files = { 'svc.js': `${service}class Keeper { constructor(ns) { this.ns = ns; } }\nexport async function main(ns) { const k = new Keeper(ns); new Service(ns, k); }` };
    assert.deepEqual(found(files).length, 1);
  });
  it('flags an object the class stores itself in before writing it', () => {
    const service = 'export class Service {\n  constructor(ns, obj) {\n    this.ns = ns;\n    this.port = ns.getPortHandle(9);\n    obj ||= this;\n    obj.owner = this;\n    this.object = obj;\n    this.port.write(this.object);\n  }\n}\n';
    assert.deepEqual(found({ 'svc.js': service }).length, 1);
  });
  it('follows constructions in other files, and the classes they import', () => {
    const files = {
      'lib/service.js': 'export class Service {\n  constructor(ns, port, obj) {\n    this.port = ns.getPortHandle(port);\n    this.object = obj;\n    this.port.write(this.object);\n  }\n}\n',
      'lib/keeper.js': 'export class Keeper {\n  constructor(ns, name) {\n    this.ns = ns;\n    this.name = name;\n  }\n}\n',
      'keeper-service.js': "import { Service } from './lib/service.js';\nimport { Keeper } from './lib/keeper.js';\nexport async function main(ns) {\n  const keeper = new Keeper(ns, 'k');\n  new Service(ns, 4, keeper);\n}\n",
      'plain-service.js': "import { Service } from './lib/service.js';\nexport async function main(ns) { new Service(ns, 5, { ready: true }); }\n",
    };
    const all = found(files);
    assert.equal(all.length, 1);
    assert.match(all[0]!, /^service\.js: .*Keeper.*keeper-service\.js/);
    // Scripts kept in src/ and imported root-absolute (src/ is the game's root), with a TypeScript source beside its
    // compiled copy: the construction is found for both.
    const src = {
      'src/lib/service.ts': files['lib/service.js'].replace('constructor(ns, port, obj)', 'constructor(ns: NS, port: number, obj: any)'),
      'src/lib/service.js': files['lib/service.js'],
      'src/lib/keeper.js': files['lib/keeper.js'],
      'src/keeper-service.js': files['keeper-service.js'].replace(/'\.\/lib\//g, "'/lib/"),
    };
    assert.deepEqual(found(src).map((f) => f.slice(0, f.indexOf(':'))).sort(), ['service.js', 'service.ts']);
    // The editor lints the class's file again when a file constructing it changes.
    assert.ok(workspace(files).affectedBy('/ws/keeper-service.js').includes('/ws/lib/service.js'));
    delete (files as Record<string, string>)['keeper-service.js'];
    assert.deepEqual(found(files), []);
  });
});
