import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { processesCommand } from '../../../cli/processes';
import { PROGRAMS } from './helpers';

describe('bbports processes', () => {
  it('runs a bbports.json pipeline headless, prints the events and the ports, and names a broken definition', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-cli-'));
    writeFileSync(
      join(root, 'bbports.json'),
      JSON.stringify({
        processes: [
          { name: 'producer', command: process.execPath, args: [join(PROGRAMS, 'producer.js'), '500'], outputPort: 40 },
          { name: 'consumer', command: 'python3', args: [join(PROGRAMS, 'consumer.py'), '500'], inputPort: 40, outputPort: 41, mode: 'json-lines', intakeFollowsOutput: false },
          { name: 'typo', comand: 'node' },
        ],
      }),
    );
    const out: string[] = [];
    const err: string[] = [];
    const code = await processesCommand.run(['--root', root], { out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.equal(code, 1, 'a broken definition makes the run fail');
    assert.ok(out.some((l) => /^\[producer\] started, pid \d+$/.test(l)));
    assert.ok(out.includes('[consumer] exited with code 0'));
    assert.ok(out.some((l) => /^41\s+1\/50\s+\{"received":500,"firstBad":null\}/.test(l)), out.join('\n'));
    assert.match(err.join('\n'), /process "typo": unknown field "comand"/);
  });

  it('prints the messages still held for a full port, with their values, when it stops', async () => {
    const root = mkdtempSync(join(tmpdir(), 'bbports-cli-'));
    writeFileSync(join(root, 'bbports.json'), JSON.stringify({ processes: [{ command: 'python3', args: [join(PROGRAMS, 'generator.py'), '60', '0'], mode: 'json-lines', outputPort: 1, stopGraceSeconds: 1 }] }));
    const out: string[] = [];
    const err: string[] = [];
    await processesCommand.run(['--root', root, '--for', '2'], { out: (l) => out.push(l), err: (l) => err.push(l) });
    assert.ok(out.some((l) => /^1\s+50\/50 full\s+\{"job":0\}/.test(l)), out.join('\n'));
    // The generator wrote its 60 jobs long before the 2 s are up: 50 fit, 10 wait.
    assert.ok(err.includes('[generator.py] 10 message(s) output held for port 1 (no room yet): {"job":50}, {"job":51}, {"job":52}, …'), err.join('\n'));
  });
});
