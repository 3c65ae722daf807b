import ts from 'typescript';
import type { PortRole } from '../core/port-view/port-map';
import { CallChecks } from './call-checks';
import type { Finding, Span } from './diagnostic';
import { FileContext } from './file-context';
import { helperCalls, helperUses, type HelperCall, type HelperUse } from './helper-ports';
import { LineMap } from './lines';
import { checkLoop } from './loops';
import type { PortOp } from './port-ops';
import { suppressionsOf, type Suppressions } from './suppress';
import { callsNamed, enclosingFunction, isFunctionLike, ParentLinks, Scopes } from './syntax';
import { ValueChecks } from './value-checks';
import { Evaluator, exportsOf, numericConstants, type Value } from './values';
/** One port use, with its port number still symbolic (the workspace resolves imports). */
export interface OpFact {
  /** Undefined for calls that only look (empty, full) or make a handle. */
  role: PortRole | undefined;
  port: Value;
  /** The port expression's span, or the call's when the port is hidden behind a handle parameter. */
  start: number;
  end: number;
  /** The call's span: where the port map points. */
  callStart: number;
  callEnd: number;
  /** For writes: the `type` tag written (a string), none (undefined), or unknown (null). Keys of an object literal. */
  messageType?: string | null;
  keys?: string[];
  /** A read that takes only messages a peek just showed were meant for this reader: no competitor of other readers. */
  selective?: boolean;
}

/** A reader's test for a message type (`msg.type === 'hack'`), checked against what the writers send. */
export interface TypeTest {
  port: Value;
  type: string;
  start: number;
  end: number;
}

/**
 * A dropped read (`port.read();`) that relies on a peek with an await between: whether that races anyone depends on
 * the port's other readers, so the workspace decides.
 */
export interface DroppedRead {
  port: Value;
  callStart: number;
  finding: Finding;
}

/** A read right after `await nextWrite()`, used unchecked: a problem only if some other script reads that port too. */
export interface NextWriteRead {
  port: Value;
  readStart: number;
  start: number;
  end: number;
}

/**
 * A write of a value that comes in through a constructor parameter of an exported class (`this.port.write(this.obj)`
 * where the constructor took `obj`): what other files pass to `new` decides whether it can be cloned.
 */
export interface ConstructedWrite {
  className: string;
  /** The name importers import it by: the class's own, or 'default'. */
  exportedAs: string;
  param: number;
  /** The written value. */
  start: number;
  end: number;
}

/** Everything one file contributes: its own findings, and the facts the workspace rules and the port map need. */
export interface FileFacts {
  file: string;
  text: string;
  /** Where each line starts. The syntax tree itself is not kept: holding hundreds of them costs more in garbage
   * collection than parsing a file again. */
  lines: LineMap;
  imports: string[];
  exports: Map<string, Value>;
  ops: OpFact[];
  findings: Finding[];
  typeTests: TypeTest[];
  nextWriteReads: NextWriteRead[];
  droppedReads: DroppedRead[];
  constructedWrites: ConstructedWrite[];
  /** Uses whose port is a helper's parameter, and the calls that may say which port (the workspace pairs them). */
  helperUses: HelperUse[];
  helperCalls: HelperCall[];
  suppressions: Suppressions;
  /** Written values only the type checker can classify (see type-aware/). */
  typeCandidates: Span[];
  /** Top-level numeric constants (`const CMD = 1`, `PORTS = { CMD: 1 }`, enum members), for hovers on their names. */
  constants: { start: number; end: number; value: number }[];
}

export function scriptKind(file: string): ts.ScriptKind {
  const ext = file.slice(file.lastIndexOf('.')).toLowerCase();
  return ext === '.ts' ? ts.ScriptKind.TS : ext === '.tsx' ? ts.ScriptKind.TSX : ext === '.jsx' ? ts.ScriptKind.JSX : ts.ScriptKind.JS;
}

/** A file's last syntax tree, kept for a file being edited: TypeScript reparses only around the change. */
export interface Tree {
  text: string;
  source: ts.SourceFile;
}

/**
 * Parses without parent links (ParentLinks adds them where the analysis looks) and without JSDoc (never read).
 * Given the previous tree of the same file, parses incrementally; that tree is used up.
 */
export function parse(file: string, text: string, previous?: Tree): ts.SourceFile {
  if (previous) return ts.updateSourceFile(previous.source, text, changeRange(previous.text, text));
  return ts.createSourceFile(file, text, { languageVersion: ts.ScriptTarget.Latest, jsDocParsingMode: ts.JSDocParsingMode.ParseNone }, false, scriptKind(file));
}

/** The one span that differs between two texts: their common prefix and suffix set aside. */
function changeRange(before: string, after: string): ts.TextChangeRange {
  let start = 0;
  const shorter = Math.min(before.length, after.length);
  while (start < shorter && before.charCodeAt(start) === after.charCodeAt(start)) start++;
  let end = 0;
  while (end < shorter - start && before.charCodeAt(before.length - 1 - end) === after.charCodeAt(after.length - 1 - end)) end++;
  return ts.createTextChangeRange(ts.createTextSpan(start, before.length - end - start), after.length - end - start);
}

/** Calls that may be port calls, by method name; PortCalls decides. */
const PORT_CALL = /\??\.\s*(readPort|writePort|tryWritePort|clearPort|nextPortWrite|getPortHandle|isEmptyPort|isFullPort|peek|read|write|tryWrite|clear|nextWrite|empty|full)\s*\(/g;
const ANY_PORT_CALL = new RegExp(PORT_CALL.source);

/**
 * Whether a text may hold a port call. Every finding of a file starts from one of its port calls (found by the same
 * pattern), so a file without any has none: most of a player's files (80% of the text in the evaluation corpus).
 */
export function mayCallPorts(text: string): boolean {
  return ANY_PORT_CALL.test(text);
}

/** What a file contributes when it could not be analysed. */
export function emptyFacts(file: string, text: string): FileFacts {
  return { file, text, lines: new LineMap(text), imports: [], exports: new Map(), ops: [], findings: [], typeTests: [], nextWriteReads: [], droppedReads: [], constructedWrites: [], helperUses: [], helperCalls: [], suppressions: new Map(), typeCandidates: [], constants: [] };
}

/**
 * The modules a text imports or re-exports from (`from "x"`, `import "x"`), read from the text. Strings and comments
 * that look like imports only add names (a dependency too many costs a re-lint, never a stale finding); only a comment
 * between `from` and its string would hide one.
 */
const MODULE_SPECIFIER = /\b(?:from|import)\s*(['"])([^'"\n]*)\1/g;

/**
 * What a file without port calls contributes, without parsing it now: no findings, and its imports from the text.
 * Its exports (values other files import, such as port constants) and numeric constants (for hovers) need the tree:
 * it is parsed when one of them is first read. A failure there goes to `onFailure` and leaves them empty.
 */
export function portFreeFacts(file: string, text: string, onFailure: (message: string) => void): FileFacts {
  const lines = new LineMap(text);
  let values: { exports: Map<string, Value>; constants: FileFacts['constants'] } | undefined;
  const topLevel = () => {
    if (values) return values;
    try {
      const source = parse(file, text);
      const evaluator = new Evaluator(new Scopes(new ParentLinks(source)));
      values = { exports: exportsOf(source, evaluator), constants: numericConstants(source, evaluator) };
    } catch (error) {
      values = { exports: new Map(), constants: [] };
      onFailure(error instanceof Error ? error.message : String(error));
    }
    return values;
  };
  const facts = emptyFacts(file, text);
  return {
    ...facts,
    lines,
    imports: [...new Set(Array.from(text.matchAll(MODULE_SPECIFIER), (m) => m[2]!))],
    get exports() {
      return topLevel().exports;
    },
    get constants() {
      return topLevel().constants;
    },
    suppressions: suppressionsOf(text, lines),
  };
}

/** Analyses one file; `previous` (its last tree) makes the parse incremental. The new tree comes back for next time. */
export function analyzeFile(file: string, text: string, previous?: Tree): { facts: FileFacts; tree: Tree } {
  const source = parse(file, text, previous);
  const ctx = new FileContext(file, source);
  const portOps: PortOp[] = [];
  for (const call of callsNamed(source, PORT_CALL, ctx.links)) {
    const op = ctx.calls.classify(call);
    if (op) portOps.push(op);
  }
  // Only loops and helpers around port calls can matter: collect them from the calls, never from a full walk.
  const loops = new Set<ts.IterationStatement>();
  const helpers = new Set<ts.FunctionLikeDeclaration>();
  for (const op of portOps) {
    for (let n: ts.Node = op.call.parent; n && !isFunctionLike(n); n = n.parent) if (ts.isIterationStatement(n, false)) loops.add(n);
    const fn = enclosingFunction(op.call);
    if (fn?.body && (op.kind === 'read' || op.kind === 'peek')) helpers.add(fn);
  }
  const calls = new CallChecks(ctx);
  const values = new ValueChecks(ctx);
  for (const fn of helpers) values.noteReturningHelper(fn);
  for (const op of portOps) {
    calls.check(op);
    if (op.kind === 'read' || op.kind === 'peek') values.track(op.call, { op, what: `${op.kind}()` });
  }
  for (const loop of loops) checkLoop(ctx, loop);
  values.checkHelperCalls();
  const uses = helperUses(ctx, portOps);
  const imports: string[] = [];
  for (const s of source.statements) {
    if ((ts.isImportDeclaration(s) || ts.isExportDeclaration(s)) && s.moduleSpecifier && ts.isStringLiteral(s.moduleSpecifier)) imports.push(s.moduleSpecifier.text);
  }
  const lines = new LineMap(text);
  const facts: FileFacts = {
    file,
    text,
    lines,
    imports,
    exports: exportsOf(source, ctx.evaluator),
    ops: calls.ops,
    findings: [...ctx.findings.values()],
    typeTests: values.typeTests,
    nextWriteReads: values.nextWriteReads,
    droppedReads: calls.droppedReads,
    constructedWrites: calls.constructedWrites,
    helperUses: uses,
    helperCalls: helperCalls(ctx, new Set(uses.map((u) => u.helper))),
    suppressions: suppressionsOf(text, lines),
    typeCandidates: calls.typeCandidates,
    constants: numericConstants(source, ctx.evaluator),
  };
  return { facts, tree: { text, source } };
}
