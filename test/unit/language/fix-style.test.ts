import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { codeStyleOf, inFileStyle } from '../../../extension/language/fix-style';

describe('quick fixes in the file\'s own style', () => {
  it('reads the quotes and semicolons a file mostly uses', () => {
    assert.deepEqual(codeStyleOf("const a = 'x'\nconst b = 'y'\nns.print(\"z\")\n"), { quote: "'", semicolons: false });
    assert.deepEqual(codeStyleOf('const a = "x";\nlet b = 1;\n'), { quote: '"', semicolons: true });
    assert.deepEqual(codeStyleOf(''), { quote: '"', semicolons: true }, 'a file with neither: the linter\'s own style');
  });

  it('gives the sentinel the file\'s quotes and keeps the strings it took from the code', () => {
    const single = { quote: "'", semicolons: false } as const;
    assert.equal(inFileStyle('job === "NULL PORT DATA"', 'job', single), "job === 'NULL PORT DATA'");
    assert.equal(inFileStyle('m["a"] !== "NULL PORT DATA"', 'm["a"]', single), 'm["a"] !== \'NULL PORT DATA\'', 'the code\'s own "a" stays');
    assert.equal(inFileStyle('x === "it\'s \\"here\\""', 'x', single), "x === 'it\\'s \"here\"'", 'quotes inside are escaped the other way');
    assert.equal(inFileStyle('const v = port.read();\n', '', single), 'const v = port.read()\n', 'no semicolon where the file has none');
    assert.equal(inFileStyle('job === "NULL PORT DATA"', 'job', { quote: '"', semicolons: true }), 'job === "NULL PORT DATA"');
  });
});
