import { createNsPorts, type NetscriptPort } from '../../engine/ns';
import type { GameVersion } from '../../engine/game-version';
import { ScriptDeath } from '../process';
import { runtimeError, type NsFunctions, type ScriptContext } from './context';
import { fileFunctions } from './files';
import { parseFlags } from './flags';
import { outputFunctions } from './output';
import { processFunctions } from './processes';
import { serverFunctions } from './servers';

/** Functions the game lets a script call while it sleeps (asleep never sets the game's "running function"). */
const EXEMPT = new Set(['asleep']);

/**
 * The game's check before every ns function: a killed script stops here, and a call made while the script is
 * suspended in ns.sleep (or hack/grow/weaken) kills it with the game's text.
 */
function enter(c: ScriptContext, fn: string): void {
  const { proc } = c;
  c.sim.current(proc);
  if (!proc.alive && !proc.exiting) throw new ScriptDeath(proc.pid);
  if (proc.runningFn && !EXEMPT.has(fn)) {
    c.sim.log(proc, `${fn}: Failed to run due to failed concurrency check.`);
    const error = runtimeError(
      c,
      fn,
      `Concurrent calls to Netscript functions are not allowed!\n      Did you forget to await hack(), grow(), or some other\n      promise-returning function?\n      Currently running: ${proc.runningFn} tried to run: ${fn}`,
      'CONCURRENCY',
    );
    c.sim.kill(proc, error);
    throw error;
  }
  proc.waitingOn = undefined;
}

/** A property the playground does not have: any call through it fails, naming it. */
function notSimulated(path: string): unknown {
  const fail = () => {
    throw new Error(`ns.${path} is not simulated: the playground has the port functions, processes (exec, kill, ps…), servers and RAM, files, logs and time; run this script in the game for the rest`);
  };
  return new Proxy(fail, {
    get: (_t, prop) => (typeof prop === 'string' && prop !== 'then' ? notSimulated(`${path}.${prop}`) : undefined),
    apply: fail,
  });
}

/** The port handle the game hands out; its nextWrite is noted so the end report can say who waits on what. */
function portHandle(c: ScriptContext, handle: NetscriptPort & { n: number }): NetscriptPort {
  const nextWrite = handle.nextWrite.bind(handle);
  return Object.assign(Object.create(handle) as NetscriptPort, {
    nextWrite: () => {
      c.proc.waitingOn = `port ${handle.n} (nextWrite)`;
      return nextWrite();
    },
  });
}

/** The `ns` object of one script in the playground: the engine's port functions and the simulated game around them. */
export function createPlaygroundNs(c: ScriptContext, version: GameVersion | undefined): object {
  const { proc } = c;
  const ports = createNsPorts(c.sim.engine, { script: proc.script, host: proc.host, pid: proc.pid, root: c.sim.root }, proc.label, { version });
  const functions: NsFunctions = {
    ...(ports as unknown as NsFunctions),
    nextPortWrite: (n: unknown) => {
      const wait = ports.nextPortWrite(n);
      proc.waitingOn = `port ${String(n)} (nextWrite)`;
      return wait;
    },
    getPortHandle: (n: unknown) => portHandle(c, ports.getPortHandle(n) as NetscriptPort & { n: number }),
    ...processFunctions(c),
    ...outputFunctions(c),
    ...fileFunctions(c),
    ...serverFunctions(c),
    flags: (schema: [string, string | number | boolean | string[]][]) => parseFlags(c, schema),
  };
  const ns: Record<string, unknown> = { args: proc.args, pid: proc.pid };
  for (const [name, fn] of Object.entries(functions)) {
    ns[name] = (...args: unknown[]) => {
      enter(c, name);
      return fn(...args);
    };
  }
  return new Proxy(ns, {
    get(target, prop) {
      if (typeof prop !== 'string' || prop in target) return Reflect.get(target, prop);
      return prop === 'then' ? undefined : notSimulated(prop);
    },
  });
}
