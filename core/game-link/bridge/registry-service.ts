import type { PortRegistry } from '../../registry';

/** What a game script asked the registry for, in seed 001's shape: `{type, port, hostname, pid, responsePort?, id?}`. */
interface SeedRequest {
  type?: unknown;
  service?: unknown;
  port?: unknown;
  hostname?: unknown;
  pid?: unknown;
  responsePort?: unknown;
  id?: unknown;
}

export interface RegistryAnswer {
  /** Where to write the answer (the requester's response port), if it asked for one. */
  responsePort?: number;
  answer: Record<string, unknown>;
  /** For the log: a request that failed and had nowhere to hear about it. */
  problem?: string;
}

export const REGISTRY_SERVICE = 'PortRegistry';

/**
 * Answers one registry request from the game. Messages addressed to another service are not ours (undefined).
 * Unlike seed 001 a conflicting reserve does not kill the requester (that would cost the bridge 0.5 GB): it is refused,
 * and the answer, or the log, says who holds the port.
 */
export function answerRegistryRequest(registry: PortRegistry, message: unknown): RegistryAnswer | undefined {
  if (typeof message !== 'object' || message === null) return { answer: {}, problem: `ignored a registry request that is not an object: ${JSON.stringify(message)}` };
  const r = message as SeedRequest;
  if (r.service !== undefined && r.service !== REGISTRY_SERVICE) return undefined;
  const responsePort = Number.isSafeInteger(r.responsePort) && (r.responsePort as number) > 0 ? (r.responsePort as number) : undefined;
  const type = String(r.type);
  let answer: Record<string, unknown>;
  if (type === 'status') {
    const s = registry.status();
    answer = {
      type,
      ok: true,
      reserved: s.reserved.map((x): Record<string, unknown> => (x.owner.kind === 'script' ? { port: x.port, hostname: x.owner.hostname, pid: x.owner.pid } : { port: x.port, tag: x.owner.tag })),
      free: s.free,
      freeHigh: s.freeHigh,
    };
  } else {
    const response = registry.handle({ type, port: r.port, id: r.id, owner: { hostname: r.hostname, pid: r.pid } });
    answer = { type, ...response };
  }
  if (r.id !== undefined) answer.id = r.id;
  const problem = answer.ok === false && responsePort === undefined ? `registry ${type} from pid ${String(r.pid)} on ${String(r.hostname)} refused: ${String(answer.error)}` : undefined;
  return { responsePort, answer, problem };
}
