import { chmodSync, mkdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { newBridgeToken } from './install';

const TOKEN = /^[A-Za-z0-9_-]{16,200}$/;

/**
 * Where the bridge's token is kept: the user's own config folder, never the synced folder (the game could read it
 * back) nor the workspace. BBPORTS_CONFIG_DIR overrides it (tests, portable setups).
 */
export function bridgeTokenFile(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  return join(userConfigDir(env, platform, home), 'bridge-token');
}

/** The user's own folder for Bitburner Ports (the token, serve's registry), per platform. */
export function userConfigDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform, home = homedir()): string {
  if (env.BBPORTS_CONFIG_DIR) return env.BBPORTS_CONFIG_DIR;
  const base =
    platform === 'win32' ? (env.APPDATA ?? join(home, 'AppData', 'Roaming')) : platform === 'darwin' ? join(home, 'Library', 'Application Support') : (env.XDG_CONFIG_HOME ?? join(home, '.config'));
  return join(base, 'bitburner-ports');
}

/**
 * The bridge's token, the same across restarts of `bbports serve` and VS Code, so a running bridge (or one a save
 * restores) links again. Made on first use (from `initial` when given: a token kept before this file existed), and
 * readable only by the user (0600; on Windows the user's profile folder is already private).
 */
export function loadBridgeToken(file = bridgeTokenFile(), initial?: string): string {
  try {
    const kept = readFileSync(file, 'utf8').trim();
    if (TOKEN.test(kept)) {
      if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) chmodSync(file, 0o600);
      return kept;
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw new Error(`cannot read the bridge token at ${file}: ${(error as Error).message}`);
  }
  const token = initial && TOKEN.test(initial) ? initial : newBridgeToken();
  mkdirSync(dirname(file), { recursive: true, mode: 0o700 });
  writeFileSync(file, `${token}\n`, { mode: 0o600 });
  chmodSync(file, 0o600);
  return token;
}
