import type { GameServer } from './game-server';
import { normalizeOrigin } from './origin';

export type OriginAnswer = 'allow' | 'refuse' | undefined;

export interface OriginQuestionsHost {
  /** Asks the player about one refused origin; undefined: dismissed (asked again next session). */
  ask(origin: string): Promise<OriginAnswer>;
  /** Origins the player chose to keep refusing, remembered across sessions. */
  refused(): readonly string[];
  remember(origin: string, answer: 'allow' | 'refuse'): Promise<void>;
}

/**
 * When the server refuses a page's Origin, the player is asked once, by name. Never for a connection without an
 * Origin (a program), never again for one they answered, and one question at a time: a stranger knocking with many
 * origins gets one question, the rest only go to the log. Returns the function that stops listening.
 */
export function askAboutRefusedOrigins(server: GameServer, host: OriginQuestionsHost): () => void {
  const asked = new Set<string>();
  let open = false;
  return server.onRefused.on(({ origin: raw }) => {
    if (raw === undefined || open) return;
    const origin = normalizeOrigin(raw);
    if (asked.has(origin) || host.refused().includes(origin)) return;
    asked.add(origin);
    open = true;
    void host
      .ask(origin)
      .then((answer) => answer && host.remember(origin, answer))
      .catch(() => {})
      .finally(() => (open = false));
  });
}
