/** One top-level test of a `node --test --test-reporter=tap` run. */
export interface TapResult {
  name: string;
  ok: boolean;
  durationMs?: number;
  /** The YAML block under a failure: the error, expected and actual. */
  detail: string;
}

/** The top-level `ok`/`not ok` lines of node's TAP output, with each one's YAML block. */
export function parseTap(text: string): TapResult[] {
  const results: TapResult[] = [];
  const lines = text.split('\n');
  for (let i = 0; i < lines.length; i++) {
    const m = /^(not )?ok \d+ - (.*?)(?: # (?:SKIP|TODO).*)?$/.exec(lines[i] as string);
    if (!m) continue;
    const block: string[] = [];
    if (lines[i + 1]?.trim() === '---') for (i += 2; i < lines.length && lines[i]?.trim() !== '...'; i++) block.push((lines[i] as string).slice(2));
    const duration = block.find((l) => l.startsWith('duration_ms:'));
    results.push({ name: m[2] as string, ok: !m[1], durationMs: duration ? Number(duration.split(':')[1]) : undefined, detail: block.filter((l) => !l.startsWith('duration_ms:')).join('\n') });
  }
  return results;
}
