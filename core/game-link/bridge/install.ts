import { createHash, randomBytes } from 'node:crypto';
import type { GameFile, RemoteApi } from '../remote-api/protocol';
import { BRIDGE_SCRIPT, BRIDGE_SETTINGS } from './protocol';
import { CODEC_SOURCE } from './value-codec';

const LIVENESS_BLOCK = /^[ \t]*\/\/ liveness:start\n[\s\S]*?^[ \t]*\/\/ liveness:end\n/m;

export interface BridgeInstall {
  /** ws://127.0.0.1:PORT/bridge */
  url: string;
  token: string;
  /**
   * Keep the dead-owner check: the registry frees the ports of ended scripts. It needs ns.isRunning, the cheapest
   * liveness test the game has (0.1 GB), so the bridge costs 1.70 GB instead of the bare 1.60 GB of any script.
   */
  liveness: boolean;
}

/** A fresh secret for the bridge to present; it lives in the game's copy of the settings file and the tool's store. */
export function newBridgeToken(): string {
  return randomBytes(24).toString('base64url');
}

/** Where the script carries its version (`const VERSION = '…'`), filled in when it is pushed. */
const VERSION_MARK = "'BBPORTS_BRIDGE_VERSION'";

/** The bridge's text before its version is filled in: without the isRunning block unless liveness is on, with the value codec. */
function bridgeText(source: string, liveness: boolean): string {
  const script = liveness ? source.replace(/^[ \t]*\/\/ liveness:(start|end)\n/gm, '') : source.replace(LIVENESS_BLOCK, '');
  return `${script}\n${CODEC_SOURCE}`;
}

/**
 * The version of the bridge this tool installs: a hash of its text, so every change to the script is a new version
 * without a number to bump. The script carries it in its own text (a settings file can be newer than the script: a
 * bridge re-reads it) and says it in its hello.
 */
export function bridgeVersion(source: string, liveness: boolean): string {
  return createHash('sha1').update(bridgeText(source, liveness)).digest('hex').slice(0, 12);
}

/** The bridge script as pushed, its version filled in. */
export function bridgeScript(source: string, liveness: boolean): string {
  return bridgeText(source, liveness).replace(VERSION_MARK, `'${bridgeVersion(source, liveness)}'`);
}

/** The bridge script and its settings file (address and token). */
export function bridgeFiles(source: string, install: BridgeInstall): GameFile[] {
  return [
    { filename: BRIDGE_SCRIPT, content: bridgeScript(source, install.liveness) },
    { filename: BRIDGE_SETTINGS, content: `${JSON.stringify({ url: install.url, token: install.token }, null, 2)}\n` },
  ];
}

/** Pushes the bridge to a server and returns its RAM as the game computes it. */
export async function installBridge(api: RemoteApi, source: string, install: BridgeInstall, server = 'home'): Promise<number> {
  for (const file of bridgeFiles(source, install)) await api.call('pushFile', { ...file, server });
  return api.call('calculateRam', { filename: BRIDGE_SCRIPT, server });
}

/** What to tell the player once the bridge is in the game. */
export function bridgeStartHint(ram: number, server = 'home'): string {
  return `The game bridge is on ${server}. In the game's terminal${server === 'home' ? '' : ` (after "connect ${server}")`} type: run ${BRIDGE_SCRIPT}  (${ram.toFixed(2)} GB RAM). Add it to a startup script to start it with the game.`;
}

/**
 * What a player of seed 001's PortRegistry needs to know when dead-owner checks are off: its service frees the ports
 * of scripts that ended every second; here that costs the bridge 0.1 GB (ns.isRunning), so it is a choice.
 */
export function deadOwnerAdvice(howToTurnOn: string): string {
  return `Registry ports of game scripts that end without releasing them stay reserved. To free them as the original PortRegistry does, turn on ${howToTurnOn} and start the bridge again (it then costs 1.70 GB: ns.isRunning, 0.1 GB).`;
}
