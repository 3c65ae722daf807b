import { dirname, isAbsolute, join, relative, resolve } from 'node:path';
import { portNumberProblem } from '../core/engine/port-number';
import type { PortMapEntry, PortRole, PortUse } from '../core/port-view/port-map';
import { ConstructionSites } from './constructed-writes';
import type { Finding, LintDiagnostic, Related } from './diagnostic';
import { analyzeFile, emptyFacts, mayCallPorts, portFreeFacts, type FileFacts, type OpFact, type Tree } from './file-analysis';
import { effectiveSeverity, type RuleSettings } from './rules';
import { isSuppressed } from './suppress';
import { arithmetic, member, UNKNOWN, type Value } from './values';

export const SCRIPT_EXTENSIONS = ['.js', '.ts', '.jsx', '.tsx'];
const MAX_DEPTH = 16;
const KEPT_TREES = 4;

/** A port use somewhere in the workspace, its number resolved. */
export interface ResolvedUse extends OpFact {
  file: string;
  portNumber: number;
}

interface WorkspaceResult {
  byPort: Map<number, ResolvedUse[]>;
  findings: Map<string, Finding[]>;
}

export interface LintOptions {
  /** The game's root: where root-absolute imports (`/lib/ports.js`) and bare ones (`lib/ports.js`) start. */
  root: string;
  rules?: RuleSettings;
  /** Command-line defaults: rules marked quiet in CI are off unless a setting turns them on. */
  ci?: boolean;
}

/**
 * The linter over a set of scripts. Each file is analysed on its own when it changes; the cross-file part
 * (imports, port numbers, the workspace rules, the port map) is recomputed from those facts on demand, which is cheap.
 */
export class LintWorkspace {
  private readonly files = new Map<string, FileFacts>();
  private result: WorkspaceResult | undefined;
  /** Per file: its port uses with numbers resolved, and its invalid port numbers. Kept until it or an import changes. */
  private readonly resolved = new Map<string, { uses: ResolvedUse[]; invalid: Finding[]; hidden: Set<PortRole> }>();
  /** Import resolutions, `from\0spec` to file; valid while the set of files stays the same. */
  private readonly modules = new Map<string, string | undefined>();
  /** The last trees of the files being edited, oldest first. */
  private readonly trees = new Map<string, Tree>();
  rules: RuleSettings;

  private readonly constructions: ConstructionSites;

  constructor(private readonly options: LintOptions) {
    this.rules = options.rules ?? {};
    this.constructions = new ConstructionSites({ root: options.root, files: this.files, resolveModule: (from, spec) => this.resolveModuleLoosely(from, spec) });
  }

  get root(): string {
    return this.options.root;
  }

  update(file: string, text: string): void {
    const path = resolve(file);
    const known = this.files.get(path);
    if (known?.text === text) return;
    if (known) this.forgetResolved(path);
    else this.forgetAllResolved(); // a new file can change what any import resolves to
    try {
      // Only files edited again and again keep their tree (an incremental parse needs it); the rest would cost
      // more in memory and garbage collection than they save.
      const previous = this.trees.get(path);
      this.trees.delete(path);
      this.failures.delete(path);
      if (mayCallPorts(text)) {
        const { facts, tree } = analyzeFile(path, text, previous);
        this.files.set(path, facts);
        if (known) this.keepTree(path, tree);
      } else this.files.set(path, portFreeFacts(path, text, (message) => this.failures.set(path, message)));
    } catch (error) {
      this.trees.delete(path);
      // A bug in the analysis must not cost the other files their lint: keep the file, without findings, and say so.
      this.files.set(path, emptyFacts(path, text));
      this.failures.set(path, error instanceof Error ? error.message : String(error));
    }
    this.result = undefined;
  }

  private keepTree(path: string, tree: Tree): void {
    this.trees.set(path, tree);
    if (this.trees.size > KEPT_TREES) this.trees.delete(this.trees.keys().next().value!);
  }

  /** Files the analysis failed on (a linter bug), with the error: the caller reports them. */
  readonly failures = new Map<string, string>();

  remove(file: string): void {
    this.trees.delete(resolve(file));
    this.typeFindings.delete(resolve(file));
    if (!this.files.delete(resolve(file))) return;
    this.forgetAllResolved();
    this.result = undefined;
  }

  /** Drops the resolved port numbers of a file and of every file importing it, directly or not. */
  private forgetResolved(path: string): void {
    for (const f of this.importersOf(path)) this.resolved.delete(f);
  }

  private forgetAllResolved(): void {
    this.resolved.clear();
    this.modules.clear();
  }

  /** The file and every file that imports it, directly or through others. */
  private importersOf(path: string): Set<string> {
    const out = new Set([path]);
    let grew = true;
    while (grew) {
      grew = false;
      for (const [name, facts] of this.files) {
        if (out.has(name)) continue;
        if (facts.imports.some((spec) => out.has(this.resolveModule(name, spec) ?? ''))) {
          out.add(name);
          grew = true;
        }
      }
    }
    return out;
  }

  fileNames(): string[] {
    return [...this.files.keys()];
  }

  facts(file: string): FileFacts | undefined {
    return this.files.get(resolve(file));
  }

  /** Files whose findings may change when `file` does: itself, those importing it (transitively), those it imports
   * whose writes depend on what it constructs, and, since the workspace rules span files, every file that shares a
   * port with it. */
  affectedBy(file: string): string[] {
    const path = resolve(file);
    const out = this.importersOf(path);
    // A file whose writes depend on what its importers pass to `new` (a constructed write).
    for (const spec of this.files.get(path)?.imports ?? []) {
      const target = this.resolveModuleLoosely(path, spec);
      if (target && this.files.get(target)?.constructedWrites.length) out.add(target);
    }
    const ports = new Set(this.usesIn(path).map((u) => u.portNumber));
    for (const uses of this.workspace().byPort.values()) for (const u of uses) if (ports.has(u.portNumber)) out.add(u.file);
    return [...out];
  }

  /** The findings for one file (or all files), severities and suppressions applied. */
  diagnostics(file?: string): LintDiagnostic[] {
    const names = file ? [resolve(file)] : [...this.files.keys()];
    const out: LintDiagnostic[] = [];
    const ws = this.workspace();
    for (const name of names) {
      const facts = this.files.get(name);
      if (!facts) continue;
      const typed = this.typeFindings.get(name);
      for (const f of [...facts.findings, ...(ws.findings.get(name) ?? []), ...(typed?.text === facts.text ? typed.findings : [])]) {
        const severity = effectiveSeverity(f.rule, this.rules, this.options.ci);
        if (severity === 'off') continue;
        if (isSuppressed(facts.suppressions, facts.lines.position(f.start).line, f.rule)) continue;
        out.push({ file: name, severity, fixes: [], related: [], ...f });
      }
    }
    return out.sort((a, b) => a.file.localeCompare(b.file) || a.start - b.start);
  }

  /**
   * Findings of the type-aware pass for a file's text as it was when checked; they lapse when the text changes
   * (their offsets would be stale) until the pass runs again.
   */
  private readonly typeFindings = new Map<string, { text: string; findings: Finding[] }>();

  setTypeFindings(file: string, text: string, findings: Finding[]): void {
    this.typeFindings.set(resolve(file), { text, findings });
  }

  /** 0-based line and character of an offset. */
  position(file: string, offset: number): { line: number; character: number } {
    return this.files.get(resolve(file))!.lines.position(offset);
  }

  portMap(): PortMapEntry[] {
    const entries: PortMapEntry[] = [];
    for (const [port, uses] of [...this.workspace().byPort].sort((a, b) => a[0] - b[0])) {
      const withRole = uses.filter((u): u is ResolvedUse & { role: PortRole } => !!u.role);
      if (!withRole.length) continue;
      const messageTypes = new Set<string>();
      for (const u of withRole) if (typeof u.messageType === 'string') messageTypes.add(u.messageType);
      entries.push({ port, uses: withRole.map((u) => this.useOf(u)), messageTypes: [...messageTypes].sort() });
    }
    return entries;
  }

  /** The keys of the objects written to a port, per `type` tag ('' for untagged ones). */
  messageShapes(port: number): Map<string, string[]> {
    const shapes = new Map<string, Set<string>>();
    for (const u of this.workspace().byPort.get(port) ?? []) {
      if (u.role !== 'writer' || !u.keys?.length) continue;
      const tag = typeof u.messageType === 'string' ? u.messageType : '';
      const keys = shapes.get(tag) ?? new Set();
      for (const k of u.keys) keys.add(k);
      shapes.set(tag, keys);
    }
    return new Map([...shapes].map(([tag, keys]) => [tag, [...keys]]));
  }

  /** The port whose number expression, or a constant naming it, covers `offset` in `file` (for hovers). */
  portAt(file: string, offset: number): number | undefined {
    const path = resolve(file);
    const inCall = this.usesIn(path).find((u) => u.start <= offset && offset <= u.end)?.portNumber;
    if (inCall !== undefined) return inCall;
    const constant = this.files.get(path)?.constants.find((c) => c.start <= offset && offset <= c.end);
    return constant && this.workspace().byPort.has(constant.value) ? constant.value : undefined;
  }

  useOf(u: ResolvedUse & { role: PortRole }): PortUse {
    const pos = this.position(u.file, u.callStart);
    return { role: u.role, file: u.file, line: pos.line + 1, column: pos.character + 1 };
  }

  private usesIn(file: string): ResolvedUse[] {
    const out: ResolvedUse[] = [];
    for (const uses of this.workspace().byPort.values()) for (const u of uses) if (u.file === file) out.push(u);
    return out;
  }

  // --- resolution --------------------------------------------------------------------------------------------

  /** The workspace file an import names: relative to the importer, or to the root for `/x` and bare `x`. */
  resolveModule(from: string, spec: string): string | undefined {
    const key = `${from}\0${spec}`;
    if (this.modules.has(key)) return this.modules.get(key);
    const found = this.findModule(from, spec);
    this.modules.set(key, found);
    return found;
  }

  private findModule(from: string, spec: string): string | undefined {
    return this.fileAt(spec.startsWith('./') || spec.startsWith('../') ? resolve(dirname(from), spec) : join(this.options.root, spec));
  }

  /**
   * Like resolveModule, but a root-absolute or bare name the root does not hold is also looked for from the folders
   * above the importer, the highest first: a repository whose scripts live in a folder (src/) synced to the game's
   * root. Only the checks that follow one named class use it; port numbers keep to the exact resolution.
   */
  resolveModuleLoosely(from: string, spec: string): string | undefined {
    const found = this.resolveModule(from, spec);
    if (found || spec.startsWith('./') || spec.startsWith('../')) return found;
    const root = resolve(this.options.root);
    const folders: string[] = [];
    for (let dir = dirname(from); isInside(root, dir); dir = dirname(dir)) folders.unshift(dir);
    for (const dir of folders) {
      const inside = this.fileAt(join(dir, spec));
      if (inside) return inside;
    }
    return undefined;
  }

  /** The workspace file a path names, with or without its script extension. */
  private fileAt(base: string): string | undefined {
    const stem = base.replace(/\.(js|jsx|ts|tsx)$/, '');
    for (const candidate of [base, ...SCRIPT_EXTENSIONS.map((e) => stem + e)]) if (this.files.has(candidate)) return candidate;
    return undefined;
  }

  resolveValue(v: Value, file: string, depth = 0): Value {
    if (depth > MAX_DEPTH) return UNKNOWN;
    if (v.kind === 'arithmetic') return arithmetic(v.op, this.resolveValue(v.left, file, depth + 1), this.resolveValue(v.right, file, depth + 1));
    if (v.kind !== 'import') return v;
    const target = this.resolveModule(file, v.module);
    const facts = target && this.files.get(target);
    if (!facts) return UNKNOWN;
    let value: Value = v.name === '*' ? { kind: 'object', props: facts.exports } : this.resolveValue(facts.exports.get(v.name) ?? UNKNOWN, target, depth + 1);
    for (const name of v.path) value = this.resolveValue(member(value, name), target, depth + 1);
    return value;
  }

  // --- the cross-file pass -----------------------------------------------------------------------------------

  /**
   * Port uses inside helpers that take the port as a parameter, placed at each call in the same file whose argument names a port
   * (`put(ns, PORTS.JOBS, job)` is a write of PORTS.JOBS there). Returns the roles of helper uses some call of which
   * the linter cannot resolve, that it sees no call of, or that are exported (called from files it does not follow):
   * their traffic stays hidden.
   */
  private helperTraffic(byPort: Map<number, ResolvedUse[]>, portOf: (v: Value, file: string) => number | string | undefined): Set<PortRole> {
    const sites = new Map<string, { total: number; resolved: number }>();
    const siteKey = (file: string, op: number) => `${file}\0${op}`;
    for (const [file, facts] of this.files) {
      for (const call of facts.helperCalls) {
        for (const h of facts.helperUses) {
          if (h.helper !== call.name) continue;
          const count = sites.get(siteKey(file, h.op)) ?? { total: 0, resolved: 0 };
          sites.set(siteKey(file, h.op), count);
          count.total++;
          const arg = call.args[h.param];
          const port = arg && portOf(arg, file);
          if (typeof port !== 'number') continue;
          count.resolved++;
          const use: ResolvedUse = { ...facts.ops[h.op]!, ...call.argSpans[h.param]!, callStart: call.callStart, callEnd: call.callEnd, file, portNumber: port };
          const list = byPort.get(port);
          if (list) list.push(use);
          else byPort.set(port, [use]);
        }
      }
    }
    const hidden = new Set<PortRole>();
    for (const [file, facts] of this.files) {
      for (const h of facts.helperUses) {
        const count = sites.get(siteKey(file, h.op));
        const role = facts.ops[h.op]!.role;
        if (role && (h.exported || !count || count.resolved < count.total)) hidden.add(role);
      }
    }
    return hidden;
  }

  private workspace(): WorkspaceResult {
    if (this.result) return this.result;
    const byPort = new Map<number, ResolvedUse[]>();
    const findings = new Map<string, Finding[]>();
    const add = (file: string, f: Finding) => {
      const list = findings.get(file) ?? [];
      if (!list.some((g) => g.rule === f.rule && g.start === f.start)) list.push(f);
      findings.set(file, list);
    };
    const portOf = (v: Value, file: string): number | string | undefined => {
      const r = this.resolveValue(v, file);
      if (r.kind !== 'number' && r.kind !== 'string') return undefined;
      const problem = portNumberProblem(r.value);
      return problem ?? (typeof r.value === 'string' ? parseFloat(r.value) : r.value);
    };
    // Roles some use plays on a port the linter cannot name (a helper's parameter, ns.args, a computed number): the
    // rules that need to see all of a port's traffic stay quiet when that traffic may be hidden there.
    const hidden = new Set<PortRole>();
    for (const [file, facts] of this.files) {
      let resolved = this.resolved.get(file);
      if (!resolved) {
        resolved = { uses: [], invalid: [], hidden: new Set() };
        const viaHelper = new Set(facts.helperUses.map((h) => h.op));
        for (const [i, op] of facts.ops.entries()) {
          if (viaHelper.has(i)) continue; // its call sites say which port
          const port = portOf(op.port, file);
          if (typeof port === 'string') {
            resolved.invalid.push({ rule: 'port-invalid-number', start: op.start, end: op.end, message: `${facts.text.slice(op.start, op.end)} is not a valid port: the game throws "${port}". Ports are whole numbers from 1 to 9007199254740991.` });
          } else if (port !== undefined) resolved.uses.push({ ...op, file, portNumber: port });
          else if (op.role) resolved.hidden.add(op.role);
        }
        this.resolved.set(file, resolved);
      }
      for (const f of resolved.invalid) add(file, f);
      for (const role of resolved.hidden) hidden.add(role);
      for (const use of resolved.uses) {
        const list = byPort.get(use.portNumber);
        if (list) list.push(use);
        else byPort.set(use.portNumber, [use]);
      }
    }
    for (const role of this.helperTraffic(byPort, portOf)) hidden.add(role);
    const related = (uses: ResolvedUse[], message: string): Related[] => uses.map((u) => ({ file: u.file, start: u.callStart, end: u.callEnd, message }));
    for (const [port, uses] of byPort) {
      const consumers = uses.filter((u) => u.role === 'consumer' && !u.selective);
      const writers = uses.filter((u) => u.role === 'writer');
      const listeners = uses.filter((u) => u.role === 'consumer' || u.role === 'peeker' || u.role === 'waiter');
      const hiddenListeners = hidden.has('consumer') || hidden.has('peeker') || hidden.has('waiter');
      if (new Set(consumers.map((u) => u.file)).size > 1 && !hidden.has('writer') && !hidden.has('consumer')) {
        for (const u of consumers) {
          const others = consumers.filter((o) => o.file !== u.file);
          add(u.file, { rule: 'port-multiple-readers', start: u.callStart, end: u.callEnd, message: `Port ${port} is also read by ${new Set(others.map((o) => o.file)).size} other script(s): each message goes to whichever reads first, so they steal each other's messages. Give each consumer its own port, peek() to broadcast, or route by a recipient field.`, related: related(others, `also reads port ${port}`) });
        }
      }
      if (writers.length && !listeners.length && !hiddenListeners) {
        for (const u of writers) add(u.file, { rule: 'port-no-reader', start: u.callStart, end: u.callEnd, message: `No script in this workspace reads, peeks or waits on port ${port}: what is written here stays until the port fills (then the oldest is dropped). Fine if the reader lives elsewhere (the game, another tool).` });
      }
      if (listeners.length && !writers.length && !hidden.has('writer')) {
        for (const u of listeners) add(u.file, { rule: 'port-no-writer', start: u.callStart, end: u.callEnd, message: `No script in this workspace writes to port ${port}: this only ever sees "NULL PORT DATA" unless something outside the workspace writes it.` });
      }
    }
    for (const [file, facts] of this.files) {
      for (const test of facts.typeTests) {
        const port = portOf(test.port, file);
        const writers = typeof port === 'number' ? (byPort.get(port) ?? []).filter((u) => u.role === 'writer') : [];
        if (!writers.length || hidden.has('writer') || writers.some((w) => w.messageType === null)) continue;
        const sent = [...new Set(writers.map((w) => w.messageType).filter((t): t is string => typeof t === 'string'))];
        if (sent.includes(test.type)) continue;
        add(file, {
          rule: 'port-unknown-message-type',
          start: test.start,
          end: test.end,
          message: `No writer of port ${port} in this workspace sends type ${JSON.stringify(test.type)}; they send ${sent.length ? sent.map((t) => JSON.stringify(t)).join(', ') : 'messages without a type'}. A typo, or a writer that is missing?`,
          related: related(writers, `writes port ${port}`),
        });
      }
      for (const dropped of facts.droppedReads) {
        // Readers that take only messages addressed to them never take the one this script peeked and chose to drop;
        // on a port the linter cannot name, it cannot tell who else reads, and stays quiet.
        const port = portOf(dropped.port, file);
        if (typeof port !== 'number') continue;
        const others = (byPort.get(port) ?? []).filter((u) => u.role === 'consumer' && !(u.file === file && u.callStart === dropped.callStart));
        if (!others.length || !others.every((u) => u.selective)) add(file, dropped.finding);
      }
      for (const write of facts.constructedWrites) {
        const finding = this.constructions.finding(file, write);
        if (finding) add(file, finding);
      }
      for (const read of facts.nextWriteReads) {
        const port = portOf(read.port, file);
        if (typeof port !== 'number') continue;
        const others = (byPort.get(port) ?? []).filter((u) => u.role === 'consumer' && !(u.file === file && u.callStart === read.readStart));
        if (!others.length) continue;
        add(file, {
          rule: 'port-nextwrite-unchecked',
          start: read.start,
          end: read.end,
          message: `nextWrite() woke this script, but port ${port} has other readers that may have taken the item first, so this read can give "NULL PORT DATA". Compare with it before using the value.`,
          related: related(others, `also reads port ${port}`),
        });
      }
    }
    this.result = { byPort, findings };
    return this.result;
  }
}

/** Whether `dir` is a folder inside `root` (not root itself). */
function isInside(root: string, dir: string): boolean {
  const rel = relative(root, dir);
  return rel !== '' && !rel.startsWith('..') && !isAbsolute(rel);
}
