/** The simulated network: `home` and the servers of a small JSON file, with the fields scripts read. */

export interface ServerSpec {
  hostname: string;
  maxRam: number;
  hasAdminRights?: boolean;
  moneyAvailable?: number;
  moneyMax?: number;
  hackDifficulty?: number;
  minDifficulty?: number;
  requiredHackingSkill?: number;
  serverGrowth?: number;
}

export interface SimServer extends Required<ServerSpec> {
  ramUsed: number;
  /** Files by path without a leading slash (`lib/ports.js`), as the game keeps them. */
  files: Map<string, string>;
}

/**
 * An early-game network (figures from a new game: an 8 GB home and the servers one scan away), used when no
 * network file is given. home has 64 GB here so a coordinator and a few workers fit, as after the first upgrades.
 */
export const EARLY_GAME: ServerSpec[] = [
  { hostname: 'home', maxRam: 64, hasAdminRights: true },
  { hostname: 'n00dles', maxRam: 4, hasAdminRights: true, moneyAvailable: 70_000, moneyMax: 1_750_000, hackDifficulty: 1, minDifficulty: 1, requiredHackingSkill: 1, serverGrowth: 3000 },
  { hostname: 'foodnstuff', maxRam: 16, hasAdminRights: true, moneyAvailable: 2_000_000, moneyMax: 50_000_000, hackDifficulty: 10, minDifficulty: 3, requiredHackingSkill: 1, serverGrowth: 5 },
  { hostname: 'sigma-cosmetics', maxRam: 16, hasAdminRights: true, moneyAvailable: 2_300_000, moneyMax: 57_500_000, hackDifficulty: 10, minDifficulty: 3, requiredHackingSkill: 5, serverGrowth: 10 },
  { hostname: 'joesguns', maxRam: 16, hasAdminRights: true, moneyAvailable: 2_500_000, moneyMax: 62_500_000, hackDifficulty: 15, minDifficulty: 5, requiredHackingSkill: 10, serverGrowth: 20 },
  { hostname: 'hong-fang-tea', maxRam: 16, hasAdminRights: true, moneyAvailable: 3_000_000, moneyMax: 75_000_000, hackDifficulty: 15, minDifficulty: 5, requiredHackingSkill: 30, serverGrowth: 20 },
  { hostname: 'harakiri-sushi', maxRam: 16, hasAdminRights: true, moneyAvailable: 4_000_000, moneyMax: 100_000_000, hackDifficulty: 15, minDifficulty: 5, requiredHackingSkill: 40, serverGrowth: 40 },
  { hostname: 'nectar-net', maxRam: 16, hasAdminRights: false, moneyAvailable: 2_750_000, moneyMax: 68_750_000, hackDifficulty: 20, minDifficulty: 7, requiredHackingSkill: 20, serverGrowth: 25 },
  { hostname: 'iron-gym', maxRam: 32, hasAdminRights: false, moneyAvailable: 20_000_000, moneyMax: 500_000_000, hackDifficulty: 30, minDifficulty: 10, requiredHackingSkill: 100, serverGrowth: 20 },
];

const NUMBER_FIELDS = ['maxRam', 'moneyAvailable', 'moneyMax', 'hackDifficulty', 'minDifficulty', 'requiredHackingSkill', 'serverGrowth'] as const;

/** Checks a network description (a list of servers); errors name the entry and the field, and say what is expected. */
export function parseNetwork(data: unknown, name: string): ServerSpec[] {
  const list = Array.isArray(data) ? data : (data as { servers?: unknown } | null)?.servers;
  if (!Array.isArray(list)) throw new Error(`${name}: a network is a list of servers (or {"servers": [...]}), e.g. [{"hostname": "n00dles", "maxRam": 4}]`);
  const seen = new Set<string>();
  return list.map((entry: Record<string, unknown>, i) => {
    const where = `${name}: server ${i + 1}`;
    if (typeof entry?.hostname !== 'string' || !entry.hostname) throw new Error(`${where} has no "hostname" (a non-empty string)`);
    if (seen.has(entry.hostname)) throw new Error(`${where}: "${entry.hostname}" is listed twice`);
    seen.add(entry.hostname);
    for (const field of NUMBER_FIELDS) {
      const v = entry[field];
      if (v !== undefined && !(typeof v === 'number' && v >= 0)) throw new Error(`${where} (${entry.hostname}): "${field}" must be a number from 0, was ${JSON.stringify(v)}`);
    }
    if (typeof entry.maxRam !== 'number') throw new Error(`${where} (${entry.hostname}): "maxRam" (GB) is required`);
    if (entry.hasAdminRights !== undefined && typeof entry.hasAdminRights !== 'boolean') throw new Error(`${where} (${entry.hostname}): "hasAdminRights" must be true or false`);
    return entry as unknown as ServerSpec;
  });
}

/** The servers to simulate: `home` always (64 GB unless the list sets it), then the list's. */
export function buildServers(specs: ServerSpec[]): Map<string, SimServer> {
  const all = specs.some((s) => s.hostname === 'home') ? specs : [{ hostname: 'home', maxRam: 64, hasAdminRights: true }, ...specs];
  const servers = new Map<string, SimServer>();
  for (const s of all) {
    const home = s.hostname === 'home';
    servers.set(s.hostname, {
      hostname: s.hostname,
      maxRam: s.maxRam,
      hasAdminRights: s.hasAdminRights ?? home,
      moneyAvailable: s.moneyAvailable ?? 0,
      moneyMax: s.moneyMax ?? s.moneyAvailable ?? 0,
      hackDifficulty: s.hackDifficulty ?? 1,
      minDifficulty: s.minDifficulty ?? s.hackDifficulty ?? 1,
      requiredHackingSkill: s.requiredHackingSkill ?? 1,
      serverGrowth: s.serverGrowth ?? 1,
      ramUsed: 0,
      files: new Map(),
    });
  }
  return servers;
}
