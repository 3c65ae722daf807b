import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import ts from 'typescript';
import { TypeProgram } from '../../../language/type-aware/program';
import { LintWorkspace } from '../../../language/workspace';
import { DEFINITIONS_FILE, globalsDeclaration, GLOBALS_FILE } from '../../../core/types/setup';

const DEFINITIONS = 'export interface NetscriptPort { read(): any; }\nexport interface NS { getPortHandle(portNumber: number): NetscriptPort; writePort(n: number, v: any): any; }\n';

describe("the linter's type-aware phase loads the game's types set up beside the scripts", () => {
  it('sees `@param {NS} ns` as the game\'s NS', () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-lint-types-'));
    writeFileSync(join(root, DEFINITIONS_FILE), DEFINITIONS);
    writeFileSync(join(root, GLOBALS_FILE), globalsDeclaration(DEFINITIONS));
    const script = join(root, 'w.js');
    // A write of data whose shape only the checker knows makes the script one the type-aware phase checks.
    const text = '/** @param {NS} ns */\nexport async function main(ns, data) {\n  const h = ns.getPortHandle(1);\n  ns.writePort(2, data);\n  return h;\n}\n';
    const ws = new LintWorkspace({ root });
    ws.update(script, text);
    const types = new TypeProgram(ws);
    assert.deepEqual(types.rootFiles(), [script, join(root, DEFINITIONS_FILE), join(root, GLOBALS_FILE)]);
    const { program, checker } = types.program();
    const file = program.getSourceFile(script);
    assert.ok(file, 'the script is in the program');
    const at = text.indexOf('h = ns');
    const node = (function find(n: ts.Node): ts.Node | undefined {
      return ts.isIdentifier(n) && n.getStart(file) === at ? n : ts.forEachChild(n, find);
    })(file);
    assert.ok(node);
    assert.equal(checker.typeToString(checker.getTypeAtLocation(node)), 'NetscriptPort');
    types.dispose();
  });
});
