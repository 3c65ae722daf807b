/**
 * The program's environment: the inherited one (unless inheritEnv is false), then the definition's own variables,
 * which win. Names are kept exactly as written (the original upper-cased them).
 */
export function buildEnv(custom: Record<string, string>, inheritEnv: boolean, inherited: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const env: Record<string, string> = {};
  if (inheritEnv) for (const [k, v] of Object.entries(inherited)) if (v !== undefined) env[k] = v;
  return Object.assign(env, custom);
}
