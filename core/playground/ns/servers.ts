import type { SimServer } from '../servers';
import { fnLog, hostArg, type NsFunctions, type ScriptContext } from './context';

/**
 * The game's hacking time for a server (calculateHackingTime, no multipliers), in ms: grow takes 3.2 times as long
 * and weaken 4 times.
 */
export function hackTime(server: SimServer, hackingLevel: number): number {
  const skillFactor = (2.5 * server.requiredHackingSkill * server.hackDifficulty + 500) / (hackingLevel + 50);
  return 5 * skillFactor * 1000;
}

/** Effects of hack/grow/weaken, kept simple (documented in core/playground/README.md): they always succeed. */
const effects = {
  hack(s: SimServer, threads: number): number {
    const stolen = Math.floor(s.moneyAvailable * Math.min(1, 0.01 * threads * Math.max(0, (100 - s.hackDifficulty) / 100)));
    s.moneyAvailable -= stolen;
    s.hackDifficulty = Math.min(100, s.hackDifficulty + 0.002 * threads);
    return stolen;
  },
  grow(s: SimServer, threads: number): number {
    const before = s.moneyAvailable;
    s.moneyAvailable = Math.min(s.moneyMax, (s.moneyAvailable + threads) * (1 + 0.02 * threads));
    s.hackDifficulty = Math.min(100, s.hackDifficulty + 0.004 * threads);
    return before > 0 ? s.moneyAvailable / before : 1;
  },
  weaken(s: SimServer, threads: number): number {
    const before = s.hackDifficulty;
    s.hackDifficulty = Math.max(s.minDifficulty, s.hackDifficulty - 0.05 * threads);
    return before - s.hackDifficulty;
  },
};
const DURATION = { hack: 1, grow: 3.2, weaken: 4 };

/** getServer*, hasRootAccess, scan, getHostname and hack/grow/weaken on the simulated network. */
export function serverFunctions(c: ScriptContext): NsFunctions {
  const { sim, proc } = c;
  const get = (fn: string) => (host?: string) => hostArg(c, fn, host);
  const field = <K extends keyof SimServer>(fn: string, key: K) => (host?: string) => get(fn)(host)[key];
  const timed = (fn: keyof typeof effects) => async (host: string, opts?: { threads?: number }) => {
    const server = get(fn)(host);
    const threads = Math.min(proc.threads, Number(opts?.threads ?? proc.threads) || proc.threads);
    const ms = hackTime(server, sim.hackingLevel) * DURATION[fn];
    fnLog(c, fn, `Executing on '${server.hostname}' in ${(ms / 1000).toFixed(3)} seconds (t=${threads})`);
    await sim.delay(proc, fn, ms);
    const result = effects[fn](server, threads);
    fnLog(c, fn, `${fn} on '${server.hostname}' done: ${Number(result.toFixed(3))} (t=${threads})`);
    return result;
  };
  return {
    getHostname: () => proc.host,
    getServer: (host?: string) => {
      const { files: _files, ...s } = get('getServer')(host);
      return { ...s, cpuCores: 1, purchasedByPlayer: s.hostname === 'home', backdoorInstalled: false };
    },
    serverExists: (host: string) => sim.servers.has(String(host)),
    hasRootAccess: field('hasRootAccess', 'hasAdminRights'),
    getServerMaxRam: field('getServerMaxRam', 'maxRam'),
    getServerUsedRam: field('getServerUsedRam', 'ramUsed'),
    getServerMoneyAvailable: field('getServerMoneyAvailable', 'moneyAvailable'),
    getServerMaxMoney: field('getServerMaxMoney', 'moneyMax'),
    getServerSecurityLevel: field('getServerSecurityLevel', 'hackDifficulty'),
    getServerMinSecurityLevel: field('getServerMinSecurityLevel', 'minDifficulty'),
    getServerRequiredHackingLevel: field('getServerRequiredHackingLevel', 'requiredHackingSkill'),
    getServerGrowth: field('getServerGrowth', 'serverGrowth'),
    getHackingLevel: () => sim.hackingLevel,
    // The simulated network is a star around home: enough for scripts that walk it.
    scan: (host?: string) => (get('scan')(host).hostname === 'home' ? [...sim.servers.keys()].filter((h) => h !== 'home') : ['home']),
    getHackTime: (host: string) => hackTime(get('getHackTime')(host), sim.hackingLevel),
    getGrowTime: (host: string) => hackTime(get('getGrowTime')(host), sim.hackingLevel) * DURATION.grow,
    getWeakenTime: (host: string) => hackTime(get('getWeakenTime')(host), sim.hackingLevel) * DURATION.weaken,
    hack: timed('hack'),
    grow: timed('grow'),
    weaken: timed('weaken'),
  };
}
