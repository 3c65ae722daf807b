import { WebSocket } from 'ws';

/** True when the socket answers a ping within `ms` (a game or bridge whose tab is gone, or asleep, does not). */
export function answersPing(ws: WebSocket, ms: number): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  const answered = firstWithin(ws, ms, { pong: true, close: false });
  ws.ping();
  return answered;
}

/** True when `ws` closes within `ms` (false when it is still open then). */
export function closesWithin(ws: WebSocket, ms: number): Promise<boolean> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(true);
  return firstWithin(ws, ms, { close: true });
}

/** What the first of `events` to come within `ms` stands for; false when none comes. Always stops listening. */
function firstWithin(ws: WebSocket, ms: number, events: Partial<Record<'pong' | 'close', boolean>>): Promise<boolean> {
  return new Promise((resolve) => {
    const listeners = Object.entries(events).map(([event, outcome]) => [event, () => done(outcome)] as const);
    const done = (outcome: boolean) => {
      clearTimeout(timer);
      for (const [event, listener] of listeners) ws.off(event, listener);
      resolve(outcome);
    };
    const timer = setTimeout(() => done(false), ms);
    for (const [event, listener] of listeners) ws.on(event, listener);
  });
}
