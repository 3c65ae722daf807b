import { createHash } from 'node:crypto';
import type { ProcessSpec } from './definition';

/** Where a definition came from. Only what the workspace itself supplies is gated. */
export type DefinitionOrigin = 'user' | 'ad-hoc' | 'workspace' | 'bbports.json';

export type TrustVerdict = { verdict: 'run' } | { verdict: 'ask' } | { verdict: 'refuse'; reason: string };

/**
 * Whether a process may start. A workspace could name any program (a cloned repository's settings are an attack
 * vector), so a workspace definition never runs in an untrusted workspace and, when trusted, needs the user's yes once
 * per definition. User settings and command lines the user typed run as they are.
 */
export function trustVerdict(origin: DefinitionOrigin, workspaceTrusted: boolean, approved: boolean): TrustVerdict {
  if (origin === 'user' || origin === 'ad-hoc') return { verdict: 'run' };
  if (!workspaceTrusted) {
    return { verdict: 'refuse', reason: `it is defined in ${origin === 'workspace' ? 'the workspace settings' : 'bbports.json'} and this workspace is not trusted; trust the workspace (Manage Workspace Trust) to run it` };
  }
  return approved ? { verdict: 'run' } : { verdict: 'ask' };
}

/** What an approval covers: the program, its arguments, folder and environment. A changed definition asks again. */
export function approvalKey(origin: DefinitionOrigin, spec: ProcessSpec): string {
  const what = JSON.stringify([origin, spec.tag, spec.command, spec.args, spec.cwd ?? null, spec.env]);
  return `process-approval:${createHash('sha256').update(what).digest('hex').slice(0, 32)}`;
}
