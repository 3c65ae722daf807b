import { existsSync } from 'node:fs';
import { PortEngine } from '../../core/engine/engine';
import type { BridgeHub } from '../../core/game-link/bridge/bridge-hub';
import type { PortSource } from '../../core/port-view/source';
import { describeEvent, loadConfigFile, ProcessManager, runDefinitions } from '../../core/process';
import type { PortRegistry } from '../../core/registry';

/**
 * The external programs of a bbports.json under serve. Those on the embedded engine start at once; those with
 * `"target": "game"` start when the game bridge links, stop when it goes away, and start again when it is back.
 */
export async function startServeProcesses(file: string, registry: PortRegistry, hub: BridgeHub, game: PortSource, say: (line: string) => void, err: (line: string) => void): Promise<ProcessManager | undefined> {
  if (!existsSync(file)) return undefined;
  const { specs, problems } = loadConfigFile(file);
  for (const problem of problems) err(problem);
  const manager = new ProcessManager({ engine: new PortEngine(), registry, gameSource: () => (hub.link ? game : undefined) });
  manager.onEvent((e) => say(describeEvent(e)));
  const onGame = specs.filter((s) => s.target === 'game');
  for (const f of await runDefinitions(manager, specs.filter((s) => s.target !== 'game'))) err(`process "${f.tag}" did not start: ${f.error}`);
  for (const spec of onGame) manager.define(spec);
  say(`${specs.length} external program(s) from ${file}${onGame.length ? `; ${onGame.length} on the game's ports start when the game bridge links` : ''}`);
  const follow = async (linked: boolean) => {
    for (const spec of onGame) {
      const p = manager.get(spec.tag);
      if (!p) continue;
      if (!linked) await p.stop();
      else if (!p.running) await p.start().catch((error: Error) => err(`process "${spec.tag}" did not start: ${error.message}`));
    }
  };
  // Links and unlinks are followed one after another: a quick unlink-relink must not start a program twice.
  let queue = Promise.resolve();
  hub.onLink.on((link) => (queue = queue.then(() => follow(link !== undefined))));
  if (hub.link) await follow(true);
  return manager;
}
