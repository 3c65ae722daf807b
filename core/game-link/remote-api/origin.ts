/**
 * Who may connect as the game. A web page in the player's browser always sends its own Origin, so checking it stops
 * a page from posing as the game. The defaults: the game's web origin, the desktop app (a file:// page, which Chromium
 * sends as "file://" or "null"), and copies of the game served from this machine on any port.
 */
export const DEFAULT_ALLOWED_ORIGINS = [
  'https://bitburner-official.github.io',
  'file://',
  'null',
  'http://localhost:*',
  'http://127.0.0.1:*',
  'https://localhost:*',
  'https://127.0.0.1:*',
];

/**
 * Matches an Origin header against the allow-list: exact entries, and `scheme://host:*` for any (or no) port.
 * A request without Origin comes from a program, not a web page (browsers always send it), and is let in.
 */
export function originAllowed(origin: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return true;
  const wanted = origin.trim().toLowerCase().replace(/\/+$/, '');
  return allowList.some((entry) => {
    const pattern = entry.trim().toLowerCase().replace(/\/+$/, '');
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      return wanted === base || (wanted.startsWith(`${base}:`) && /^\d+$/.test(wanted.slice(base.length + 1)));
    }
    return wanted === pattern || (pattern === 'file://' && wanted === 'file:');
  });
}
