import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { configStep, DEFINITIONS_FILE, globalsDeclaration, GLOBALS_FILE } from '../../../core/types/setup';

// A small stand-in for the game's file, shaped like it: exported interfaces, one generic.
const DEFINITIONS = `
export interface NetscriptPort { write(value: any): any; read(): any; empty(): boolean; }
export type Box<T extends object = {}> = { value: T };
interface Hidden { x: number; }
export interface NS {
  /** RAM cost: 0 GB */
  getPortHandle(portNumber: number): NetscriptPort;
  readonly args: (string | number | boolean)[];
}
`;

/** The folder as the tool leaves it, compiled by the real compiler with the config it wrote. */
function compile(files: Record<string, string>) {
  const dir = mkdtempSync(join(tmpdir(), 'bbports-types-'));
  const step = configStep(new Map());
  assert.equal(step.kind, 'write');
  const all = { [DEFINITIONS_FILE]: DEFINITIONS, [GLOBALS_FILE]: globalsDeclaration(DEFINITIONS), [step.kind === 'write' ? step.file : '']: step.kind === 'write' ? step.content : '', ...files };
  for (const [name, text] of Object.entries(all)) {
    mkdirSync(join(dir, name, '..'), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  const config = ts.getParsedCommandLineOfConfigFile(join(dir, 'jsconfig.json'), {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(String(d.messageText)) });
  assert.ok(config);
  const program = ts.createProgram({ rootNames: config.fileNames, options: { ...config.options, lib: ['lib.es2022.d.ts'], types: [] } });
  return { dir, program };
}

const errorsOf = (program: ts.Program, file: string) =>
  ts.getPreEmitDiagnostics(program, program.getSourceFile(file)).map((d) => ts.flattenDiagnosticMessageText(d.messageText, ' '));

describe('types in one step: globals and a jsconfig beside the definitions', () => {
  it('declares each exported type as a global, generics with their parameters, nothing unexported', () => {
    const text = globalsDeclaration(DEFINITIONS);
    assert.match(text, /type NS = Game\.NS;/);
    assert.match(text, /type NetscriptPort = Game\.NetscriptPort;/);
    assert.match(text, /type Box<T extends object = \{\}> = Game\.Box<T>;/);
    assert.doesNotMatch(text, /Hidden/);
  });
  it("resolves @param {NS} ns in a .js script to the game's types: a wrong call is an error", () => {
    const { dir, program } = compile({
      'good.js': '/** @param {NS} ns */\nexport async function main(ns) {\n  const h = ns.getPortHandle(1);\n  h.write({ a: 1 });\n}\n',
      'bad.js': '/** @param {NS} ns */\nexport async function main(ns) {\n  ns.getPortHandle("one");\n  ns.nope();\n}\n',
    });
    const good = program.getSourceFile(join(dir, 'good.js'));
    assert.ok(good);
    assert.deepEqual(errorsOf(program, join(dir, 'good.js')), []);
    const bad = errorsOf(program, join(dir, 'bad.js'));
    assert.ok(bad.some((m) => /'string' is not assignable to parameter of type 'number'/.test(m)), bad.join('\n'));
    assert.ok(bad.some((m) => /Property 'nope' does not exist on type 'NS'/.test(m)), bad.join('\n'));
    // What a hover on ns.getPortHandle shows: the game's signature.
    const checker = program.getTypeChecker();
    const call = good.text.indexOf('getPortHandle');
    const node = (function find(n: ts.Node): ts.Node | undefined {
      return n.getStart(good) === call && ts.isIdentifier(n) ? n : ts.forEachChild(n, find);
    })(good);
    assert.ok(node);
    assert.equal(checker.typeToString(checker.getTypeAtLocation(node)), '(portNumber: number) => NetscriptPort');
  });
  it('resolves root-absolute imports (/lib/x.js) as the game does', () => {
    const { dir, program } = compile({
      'lib/x.js': 'export const PORT = 7;\n',
      'use.js': "import { PORT } from '/lib/x.js';\n/** @type {string} */\nexport const s = PORT;\n",
    });
    assert.deepEqual(errorsOf(program, join(dir, 'use.js')), ["Type 'number' is not assignable to type 'string'."]);
  });
});

describe("a player's own config is never rewritten", () => {
  it('is fine when it covers both files, /-imports and checkJs', () => {
    assert.deepEqual(configStep(new Map([['jsconfig.json', '{ // mine\n "compilerOptions": { "paths": { "/*": ["./*"] } } }']])), { kind: 'fine', file: 'jsconfig.json' });
  });
  it('says what to add otherwise', () => {
    const step = configStep(new Map([['tsconfig.json', '{ "include": ["src/**/*.ts"], "compilerOptions": { "strict": true } }']]));
    assert.equal(step.kind, 'advise');
    assert.deepEqual(step.kind === 'advise' && step.missing, [
      `"include": add "${DEFINITIONS_FILE}"`,
      `"include": add "${GLOBALS_FILE}"`,
      '"compilerOptions": { "paths": { "/*": ["./*"] } } (root-absolute imports such as /lib/x.js)',
      '"compilerOptions": { "checkJs": true } (type errors in .js scripts)',
    ]);
  });
  it('asks for the JSON to be fixed first when it cannot be read', () => {
    const step = configStep(new Map([['jsconfig.json', '{ "include": [ }']]));
    assert.equal(step.kind, 'advise');
    assert.match(step.kind === 'advise' ? step.missing[0]! : '', /^fix the JSON of jsconfig\.json/);
  });
});
