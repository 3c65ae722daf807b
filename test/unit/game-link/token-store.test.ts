import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, it } from 'node:test';
import { bridgeTokenFile, loadBridgeToken } from '../../../core/game-link/bridge/token-store';

describe('the bridge token is kept across restarts', () => {
  it('is made once, then read back the same, readable only by the user', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bbports-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'nested', 'bridge-token');
    const first = loadBridgeToken(file);
    assert.equal(loadBridgeToken(file), first);
    assert.equal(readFileSync(file, 'utf8').trim(), first);
    if (process.platform !== 'win32') assert.equal(statSync(file).mode & 0o777, 0o600);
  });

  it('keeps a token kept elsewhere before (VS Code\'s store), and replaces a broken file', (t) => {
    const dir = mkdtempSync(join(tmpdir(), 'bbports-token-'));
    t.after(() => rmSync(dir, { recursive: true, force: true }));
    const file = join(dir, 'bridge-token');
    assert.equal(loadBridgeToken(file, 'an-older-token-0123456789'), 'an-older-token-0123456789');
    writeFileSync(file, 'not a token!');
    const fresh = loadBridgeToken(file);
    assert.match(fresh, /^[A-Za-z0-9_-]{32}$/);
  });

  it('lives in the user\'s config folder on each platform, never in the workspace', () => {
    assert.equal(bridgeTokenFile({}, 'linux', '/home/p'), '/home/p/.config/bitburner-ports/bridge-token');
    assert.equal(bridgeTokenFile({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/p'), '/x/bitburner-ports/bridge-token');
    assert.equal(bridgeTokenFile({}, 'darwin', '/Users/p'), '/Users/p/Library/Application Support/bitburner-ports/bridge-token');
    assert.equal(bridgeTokenFile({ APPDATA: 'C:\\Users\\p\\AppData\\Roaming' }, 'win32', 'C:\\Users\\p'), join('C:\\Users\\p\\AppData\\Roaming', 'bitburner-ports', 'bridge-token'));
    assert.equal(bridgeTokenFile({ BBPORTS_CONFIG_DIR: '/tmp/c' }), join('/tmp/c', 'bridge-token'));
  });
});
