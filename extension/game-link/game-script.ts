/**
 * A script written for Bitburner: it exports `main(ns)` or types its parameter as the game's `NS`. Cheap text
 * tests: they decide only whether a window starts the game link by itself.
 */
export function looksLikeGameScript(text: string): boolean {
  return /\bfunction\s+main\s*\(\s*ns\b|\bmain\s*=\s*async\s*\(\s*ns\b|@param\s*\{\s*NS\s*\}|\(\s*ns\s*:\s*NS\b/.test(text);
}
