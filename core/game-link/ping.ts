import { WebSocket } from 'ws';

/** True when the socket answers a ping within `ms` (a game or bridge whose tab is gone, or asleep, does not). */
export function answersPing(ws: WebSocket, ms: number): Promise<boolean> {
  if (ws.readyState !== WebSocket.OPEN) return Promise.resolve(false);
  return new Promise((resolve) => {
    const done = (ok: boolean) => {
      clearTimeout(timer);
      ws.off('pong', onPong);
      ws.off('close', onClose);
      resolve(ok);
    };
    const onPong = () => done(true);
    const onClose = () => done(false);
    const timer = setTimeout(() => done(false), ms);
    ws.on('pong', onPong);
    ws.on('close', onClose);
    ws.ping();
  });
}

/** True when `ws` closes within `ms` (false when it is still open then). */
export function closesWithin(ws: WebSocket, ms: number): Promise<boolean> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve(true);
  return new Promise((resolve) => {
    const done = (closed: boolean) => {
      clearTimeout(timer);
      ws.off('close', onClose);
      resolve(closed);
    };
    const onClose = () => done(true);
    const timer = setTimeout(() => done(false), ms);
    ws.on('close', onClose);
  });
}
