/**
 * Who may connect as the game. A connection as the game receives every synced file and the bridge token, so only
 * origins that no other web page can send are trusted by default:
 * - the web game's origin, and pages served from this machine (`http(s)://localhost:*`, `http(s)://127.0.0.1:*`);
 * - the desktop (Steam) app. It loads the game from a file:// page (electron/gameWindow.js: `loadFile("index.html")`),
 *   and Chromium sends `Origin: null` for file pages. Any web page can send `null` too (a sandboxed iframe), so `null`
 *   alone is refused; the app is recognised by `null` together with its User-Agent, which names Electron and the app
 *   ("bitburner/2.6.1 … Electron/26.3.0"), and which a web page cannot set on a WebSocket.
 * Requests without an Origin (programs, not pages) are refused too. Anything else can be allowed by name.
 */
export const DEFAULT_ALLOWED_ORIGINS = ['https://bitburner-official.github.io', 'http://localhost:*', 'http://127.0.0.1:*', 'https://localhost:*', 'https://127.0.0.1:*'];

/** The desktop app's User-Agent: Electron's default, which carries the app's name (`bitburner`) and Electron's version. */
const DESKTOP_APP_AGENT = /\bbitburner\/\d[^ ]* .*\bElectron\/\d/i;

export interface ConnectionOrigin {
  /** The Origin header, if any. */
  origin: string | undefined;
  userAgent?: string;
}

/** The desktop app, told apart from a sandboxed frame (both send `null`) by its User-Agent. */
export function isDesktopApp(c: ConnectionOrigin): boolean {
  return c.origin?.trim() === 'null' && DESKTOP_APP_AGENT.test(c.userAgent ?? '');
}

/** Whether this connection may act as the game: the desktop app, or an origin on the allow-list. */
export function connectionAllowed(c: ConnectionOrigin, allowList: readonly string[]): boolean {
  return isDesktopApp(c) || originAllowed(c.origin, allowList);
}

/**
 * Matches an Origin header against the allow-list: exact entries (`null` only if listed), and `scheme://host:*` for
 * any (or no) port. A request without Origin is refused.
 */
export function originAllowed(origin: string | undefined, allowList: readonly string[]): boolean {
  if (origin === undefined) return false;
  const wanted = normalizeOrigin(origin);
  return allowList.some((entry) => {
    const pattern = normalizeOrigin(entry);
    if (pattern.endsWith(':*')) {
      const base = pattern.slice(0, -2);
      return wanted === base || (wanted.startsWith(`${base}:`) && /^\d+$/.test(wanted.slice(base.length + 1)));
    }
    return wanted === pattern;
  });
}

/** How an origin is shown and remembered: trimmed, lower case, no trailing slash. */
export function normalizeOrigin(origin: string): string {
  return origin.trim().toLowerCase().replace(/\/+$/, '');
}
