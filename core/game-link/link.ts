import { BridgeHub, type BridgeHubOptions } from './bridge/bridge-hub';
import { installBridge } from './bridge/install';
import { GameServer, BRIDGE_PATH, type GameServerOptions } from './remote-api/game-server';

/**
 * The whole game link: the Remote API server, with the in-game bridge's sockets handed to the bridge hub on the same
 * port. The extension and `bbports serve` both build one.
 */
export class GameLink {
  readonly server: GameServer;
  readonly hub: BridgeHub;
  private readonly token: string;

  constructor(options: { server?: Omit<GameServerOptions, 'onBridgeSocket' | 'log'>; bridge: Omit<BridgeHubOptions, 'log'>; log?: (line: string) => void }) {
    const log = options.log ?? (() => {});
    this.token = options.bridge.token;
    this.hub = new BridgeHub({ ...options.bridge, log: (line) => log(`bridge: ${line}`) });
    this.server = new GameServer({ ...options.server, log, onBridgeSocket: (ws) => this.hub.accept(ws) });
  }

  /** Where the bridge connects, once the server listens. */
  bridgeUrl(): string {
    return `ws://127.0.0.1:${this.server.status.port}${BRIDGE_PATH}`;
  }

  /** Pushes the bridge script and its settings (this server's address and token) to a game server; returns its RAM. */
  installBridge(source: string, server: string, liveness: boolean): Promise<number> {
    return installBridge(this.server, source, { url: this.bridgeUrl(), token: this.token, liveness }, server);
  }

  async stop(): Promise<void> {
    this.hub.close();
    await this.server.stop();
  }
}
