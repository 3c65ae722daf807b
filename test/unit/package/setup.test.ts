// The set-up step of `npm test` (test/vscode/setup.sh) run as npm runs it, into empty folders.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { describe, it } from 'node:test';

const SETUP = resolve(__dirname, '../../vscode/setup.sh');

function setup(env: Record<string, string>) {
  const home = mkdtempSync(join(tmpdir(), 'bbports-setup-'));
  try {
    return spawnSync('sh', [SETUP], { env: { ...process.env, BBPORTS_VSCODE_HOME: home, ...env }, encoding: 'utf8' });
  } finally {
    rmSync(home, { recursive: true, force: true });
  }
}

describe('npm test set-up on a new machine', () => {
  it('says what failed and what to run when the npm registry cannot be reached', () => {
    // A closed port on loopback: refused at once, with no retries.
    const run = setup({ npm_config_registry: 'http://127.0.0.1:9/', npm_config_fetch_retries: '0' });
    assert.equal(run.status, 1);
    assert.match(run.stderr, /setup: could not fetch Node 24 from the npm registry \(log: .*node24\.log\)/);
    assert.match(run.stderr, /setup: what to do: check that the npm registry can be reached/);
  });

  it('does not pass the outer npm\'s identity to the inner installs', () => {
    // What `npm test` exports: code-server's postinstall refused Node 24 because this said node/v20.
    const probe = spawnSync('sh', ['-c', `sed -n '/^for name in/,/^done/p' ${JSON.stringify(SETUP)} > "$T/unset.sh"; . "$T/unset.sh"; env`], {
      env: { ...process.env, T: mkdtempSync(join(tmpdir(), 'bbports-env-')), npm_config_user_agent: 'npm/11 node/v20.20.2 linux x64', npm_config_node_gyp: '/usr/lib/node-gyp', npm_config_registry: 'https://registry.example/' },
      encoding: 'utf8',
    });
    assert.doesNotMatch(probe.stdout, /^npm_config_user_agent=/m);
    assert.doesNotMatch(probe.stdout, /^npm_config_node_gyp=/m);
    assert.match(probe.stdout, /^npm_config_registry=https:\/\/registry\.example\/$/m, 'how to reach the registry is kept');
  });
});
