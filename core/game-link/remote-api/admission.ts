import type { Server } from 'node:http';
import type { Duplex } from 'node:stream';

export interface AdmissionLimits {
  /** Time a TCP connection has to complete its WebSocket upgrade. */
  handshakeTimeoutMs: number;
  /** Connections still in their handshake at once; more are closed as they arrive. */
  maxHandshakes: number;
}

/**
 * Holds nothing for a connection that never becomes a WebSocket: each has handshakeTimeoutMs to upgrade, and at most
 * maxHandshakes wait at once (a slow or silent client cannot pile up sockets). `upgraded` marks a socket done.
 */
export function guardHandshakes(http: Server, limits: AdmissionLimits, log: (line: string) => void): { upgraded(socket: Duplex): void } {
  const waiting = new Map<Duplex, NodeJS.Timeout>();
  const done = (socket: Duplex) => {
    clearTimeout(waiting.get(socket));
    waiting.delete(socket);
  };
  let refusedSinceLog = 0;
  http.on('connection', (socket: Duplex) => {
    if (waiting.size >= limits.maxHandshakes) {
      if (refusedSinceLog++ === 0) log(`more than ${limits.maxHandshakes} connections are still in their handshake; closing new ones until they finish`);
      socket.destroy();
      return;
    }
    refusedSinceLog = 0;
    const timer = setTimeout(() => {
      waiting.delete(socket);
      socket.destroy();
    }, limits.handshakeTimeoutMs);
    timer.unref();
    waiting.set(socket, timer);
    socket.once('close', () => done(socket));
  });
  return { upgraded: done };
}

/**
 * Caps what a socket may send before it is trusted (before it is the game, or before the bridge's first message
 * is judged): past `maxBytes` it is destroyed, so a stranger cannot make the server buffer a 64 MiB frame. Counts raw
 * bytes as they arrive, so the cap holds in the middle of a frame. Returns the function that lifts the cap.
 */
export function capUntrustedBytes(socket: Duplex, maxBytes: number, onExceeded: () => void): () => void {
  let seen = 0;
  const count = (chunk: Buffer) => {
    seen += chunk.length;
    if (seen <= maxBytes) return;
    socket.off('data', count);
    onExceeded();
    socket.destroy();
  };
  socket.on('data', count);
  return () => socket.off('data', count);
}
