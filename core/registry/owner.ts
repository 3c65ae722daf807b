/** Who holds a port: an in-game script (by host and pid, as seed 001) or an external process (by its tag). */
export type PortOwner = { kind: 'script'; hostname: string; pid: number } | { kind: 'process'; tag: string };

export function ownerKey(owner: PortOwner): string {
  return owner.kind === 'script' ? `script:${owner.hostname}:${owner.pid}` : `process:${owner.tag}`;
}

export function describeOwner(owner: PortOwner): string {
  return owner.kind === 'script' ? `script pid ${owner.pid} on ${owner.hostname}` : `process "${owner.tag}"`;
}

/** Longer names are not a game host (at most 63 characters) nor a sensible tag; they would only bloat the file. */
export const MAX_OWNER_TEXT = 256;

/** Accepts what arrives from outside (JSON, an in-game message) and says what is wrong with it. */
export function parseOwner(value: unknown): PortOwner | string {
  if (typeof value !== 'object' || value === null) return 'an owner must be {hostname, pid} or {tag}';
  const v = value as Record<string, unknown>;
  if ([v.tag, v.hostname].some((t) => typeof t === 'string' && t.length > MAX_OWNER_TEXT)) return `an owner's tag or hostname may be at most ${MAX_OWNER_TEXT} characters`;
  if (typeof v.tag === 'string' && v.tag !== '') return { kind: 'process', tag: v.tag };
  if (typeof v.hostname === 'string' && v.hostname !== '' && Number.isSafeInteger(v.pid) && (v.pid as number) > 0) {
    return { kind: 'script', hostname: v.hostname, pid: v.pid as number };
  }
  return 'an owner must be {hostname, pid} (a script) or {tag} (an external process)';
}
