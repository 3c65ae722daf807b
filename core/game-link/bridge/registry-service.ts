import type { PortRegistry } from '../../registry';

/** What a game script asked the registry for, in seed 001's shape: `{type, service, port, hostname, pid, responsePort?}`. */
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
/** How a port held by an external program shows in a status answer, which seed 001's clients read as {port, hostname, pid}. */
export const TOOL_HOSTNAME = 'bbports';

/**
 * Answers one registry request from the game, as seed 001's PortRegistry service would where its client can tell:
 * every answer carries the envelope `{type, service: "PortRegistry"}` (and the request's id, only if it had one);
 * status answers `{reserved: [{port, hostname, pid}], free, freeHigh}`; reserve and release are fire-and-forget
 * unless the request names a responsePort (our extension). Messages addressed to another service are not ours
 * (undefined). Unlike seed 001 a conflicting reserve does not kill the requester (that would cost the bridge 0.5 GB):
 * it is refused, and the answer, or the log, says who holds the port.
 */
export function answerRegistryRequest(registry: PortRegistry, message: unknown): RegistryAnswer | undefined {
  const r = asRequest(message);
  if (!r) return { answer: {}, problem: `ignored a registry request that is not an object: ${JSON.stringify(message)}` };
  if (r.service !== undefined && r.service !== REGISTRY_SERVICE) return undefined;
  const responsePort = Number.isSafeInteger(r.responsePort) && (r.responsePort as number) > 0 ? (r.responsePort as number) : undefined;
  const type = String(r.type);
  const envelope: Record<string, unknown> = { type, service: REGISTRY_SERVICE, ...('id' in r && { id: r.id }) };
  if (type === 'exit') return { answer: envelope, problem: 'ignored an exit request: this registry lives in the tool and keeps serving' };
  if (type === 'status') return { responsePort, answer: { ...envelope, ...statusFields(registry) } };
  const { id: _id, ...outcome } = registry.handle({ type, port: r.port, owner: { hostname: r.hostname, pid: r.pid } });
  const answer = { ...envelope, ...outcome };
  const problem = answer.ok === false && responsePort === undefined ? `registry ${type} from pid ${String(r.pid)} on ${String(r.hostname)} refused: ${String(answer.error)}` : undefined;
  return { responsePort, answer, problem };
}

/** An object request; older seed-001 clients wrote JSON text, which is read too. */
function asRequest(message: unknown): SeedRequest | undefined {
  let value = message;
  if (typeof value === 'string') {
    try {
      value = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof value === 'object' && value !== null && !Array.isArray(value) ? (value as SeedRequest) : undefined;
}

/** Seed 001's status fields. A port an external program holds shows as hostname "bbports", pid 0, with its tag. */
function statusFields(registry: PortRegistry): Record<string, unknown> {
  const s = registry.status();
  const reserved = s.reserved.map((x) => (x.owner.kind === 'script' ? { port: x.port, hostname: x.owner.hostname, pid: x.owner.pid } : { port: x.port, hostname: TOOL_HOSTNAME, pid: 0, tag: x.owner.tag }));
  return { reserved, free: s.free, freeHigh: s.freeHigh };
}
