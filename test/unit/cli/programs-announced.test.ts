import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { processesCommand } from '../../../cli/processes';

// Issue 13: a bbports.json may come from anywhere (a clone, an archive); the CLI asks no one, so it says what it runs.
describe('bbports processes: which programs it starts', () => {
  it('prints each program of bbports.json with its command before starting it', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-announce-'));
    const file = join(root, 'bbports.json');
    writeFileSync(file, JSON.stringify({ processes: [{ name: 'quick', command: process.execPath, args: ['-e', 'process.exit(0)'] }] }));
    const out: string[] = [];
    const code = await processesCommand.run(['--root', root], { out: (l) => out.push(l), err: () => {} });
    assert.equal(code, 0);
    const announced = out.indexOf(`starting 1 program(s) from ${file}:`);
    assert.ok(announced >= 0, out.join('\n'));
    assert.equal(out[announced + 1], `  quick: ${process.execPath} -e "process.exit(0)"  (in ${root})`);
    assert.ok(out.findIndex((l) => l.startsWith('[quick] started')) > announced + 1, 'announced before it starts');
  });
});
