/** How loud a finding is. `off` silences a rule. */
export type Severity = 'error' | 'warning' | 'info' | 'hint';
export type SeveritySetting = Severity | 'off';

export interface RuleInfo {
  id: RuleId;
  severity: Severity;
  /** Whether the rule needs the whole workspace (it is computed after every file is analysed). */
  workspace: boolean;
  /** Off in `bbports lint` unless asked for: too common to be worth failing or cluttering CI. */
  quietInCi?: boolean;
  summary: string;
}

export const RULE_IDS = [
  'port-empty-falsy',
  'port-empty-null-compare',
  'port-sentinel-typo',
  'port-read-unchecked',
  'port-check-then-act',
  'port-nextwrite-unchecked',
  'port-nextwrite-not-awaited',
  'port-busy-loop',
  'port-uncloneable-write',
  'port-invalid-number',
  'port-await-sync',
  'port-result-unused',
  'port-overflow-ignored',
  'port-multiple-readers',
  'port-unknown-message-type',
  'port-no-reader',
  'port-no-writer',
] as const;
export type RuleId = (typeof RULE_IDS)[number];

const rule = (id: RuleId, severity: Severity, summary: string, extra: Partial<RuleInfo> = {}): RuleInfo => ({ id, severity, summary, workspace: false, ...extra });

export const RULES: Record<RuleId, RuleInfo> = Object.fromEntries(
  [
    rule('port-empty-falsy', 'error', 'A port value tested for truthiness: the empty-port sentinel "NULL PORT DATA" is a truthy string.'),
    rule('port-empty-null-compare', 'error', 'A port value compared with null, undefined or "": an empty port gives "NULL PORT DATA", never those.'),
    rule('port-sentinel-typo', 'error', 'A string compared with a port value that is close to, but not exactly, "NULL PORT DATA".'),
    rule('port-read-unchecked', 'warning', 'A port value used with no sentinel comparison or empty() guard before it.'),
    rule('port-check-then-act', 'warning', 'An empty()/full()/peek() check and the read or write that relies on it are separated by an await.'),
    rule('port-nextwrite-unchecked', 'warning', 'A read after nextWrite() used unchecked while another script also reads that port.', { workspace: true }),
    rule('port-nextwrite-not-awaited', 'warning', 'The promise from nextWrite()/nextPortWrite() is dropped, so nothing waits.'),
    rule('port-busy-loop', 'error', 'A loop that never ends by itself, touches ports, and can go round without an await: it freezes the game.'),
    rule('port-uncloneable-write', 'error', 'Writing a function, a Promise or the ns object: the game refuses data it cannot structuredClone.'),
    rule('port-invalid-number', 'error', 'A port number that is not a positive safe integer: the game throws.'),
    rule('port-await-sync', 'hint', '`await` on a synchronous port call does nothing.'),
    rule('port-result-unused', 'warning', 'An empty()/full()/peek() call whose result is thrown away: it changes nothing (clear() empties a port).'),
    rule('port-overflow-ignored', 'info', 'A write whose evicted item (the port was full) is dropped unseen.', { quietInCi: true }),
    rule('port-multiple-readers', 'warning', 'Two or more scripts consume the same port: each message goes to only one of them.', { workspace: true }),
    rule('port-unknown-message-type', 'warning', 'A reader tests for a message `type` no writer of that port sends.', { workspace: true }),
    rule('port-no-reader', 'info', 'A port written in the workspace that no script reads, peeks or waits on.', { workspace: true }),
    rule('port-no-writer', 'info', 'A port read in the workspace that no script writes.', { workspace: true }),
  ].map((r) => [r.id, r]),
) as Record<RuleId, RuleInfo>;

export function isRuleId(value: string): value is RuleId {
  return (RULE_IDS as readonly string[]).includes(value);
}

/** The doc section for a rule, relative to the package root; the editor and SARIF link to it. */
export function ruleDocPath(id: RuleId): string {
  return `language/docs/rules.md#${id}`;
}

export type RuleSettings = Partial<Record<RuleId, SeveritySetting>>;

const SEVERITY_SETTINGS: readonly string[] = ['error', 'warning', 'info', 'hint', 'off'];

/**
 * Reads per-rule severities (`{"port-busy-loop": "off"}`). Every broken entry is named in `problems` with what to
 * write instead; the valid entries still apply.
 */
export function parseRuleSettings(value: unknown, where: string): { settings: RuleSettings; problems: string[] } {
  const settings: RuleSettings = {};
  const problems: string[] = [];
  if (value === undefined || value === null) return { settings, problems };
  if (typeof value !== 'object' || Array.isArray(value)) {
    problems.push(`${where} must be an object of rule id to severity, e.g. {"port-busy-loop": "off"}; got ${JSON.stringify(value)}. Ignoring it.`);
    return { settings, problems };
  }
  for (const [key, severity] of Object.entries(value)) {
    if (!isRuleId(key)) problems.push(`${where}: "${key}" is not a rule (rules: ${RULE_IDS.join(', ')}). Ignoring it.`);
    else if (typeof severity !== 'string' || !SEVERITY_SETTINGS.includes(severity)) {
      problems.push(`${where}: "${key}" is ${JSON.stringify(severity)}; use one of ${SEVERITY_SETTINGS.join(', ')}. Using its default, ${RULES[key].severity}.`);
    } else settings[key] = severity as SeveritySetting;
  }
  return { settings, problems };
}

export function effectiveSeverity(id: RuleId, settings: RuleSettings, ci = false): SeveritySetting {
  return settings[id] ?? (ci && RULES[id].quietInCi ? 'off' : RULES[id].severity);
}
