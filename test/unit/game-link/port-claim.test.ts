import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { PortClaims } from '../../../extension/game-link/port-claim';

describe('which window holds the Remote API port', () => {
  it('tells another live window of ours from this one and from a claim whose window is gone', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'claims-'));
    const claims = new PortClaims(dir);
    claims.claim(12525);
    assert.equal(claims.heldElsewhere(12525), undefined, 'our own claim');

    // Another window: a live process of its own.
    const other = spawn(process.execPath, ['-e', 'process.stdin.resume()'], { stdio: ['pipe', 'ignore', 'ignore'] });
    await new Promise((resolve) => other.once('spawn', resolve));
    writeFileSync(join(dir, 'remote-api-12525.json'), JSON.stringify({ pid: other.pid, since: Date.now() }));
    assert.equal(claims.heldElsewhere(12525), other.pid);
    claims.release(12525);
    assert.equal(claims.heldElsewhere(12525), other.pid, 'releasing never removes another window\'s claim');

    const ended = new Promise((resolve) => other.once('exit', resolve));
    other.stdin!.end();
    await ended;
    assert.equal(claims.heldElsewhere(12525), undefined, 'a window that is gone holds nothing');
    assert.equal(claims.heldElsewhere(4000), undefined, 'nobody claimed this one');
  });
});
