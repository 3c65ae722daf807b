/**
 * Which ports of each source a view has listed, so it can reveal the ones that just appeared (a game port lands below
 * the fold of a short pane otherwise). A source's first listing is not news: only later arrivals are.
 */
export class NewPorts {
  private readonly listed = new Map<string, Set<number>>();

  /** The ports in `ports` not listed before for this source, lowest first; remembers them all from now on. */
  take(source: string, ports: readonly number[]): number[] {
    const before = this.listed.get(source);
    this.listed.set(source, new Set(ports));
    return before ? ports.filter((p) => !before.has(p)).sort((a, b) => a - b) : [];
  }

  /** A source that went away (the game disconnected): its ports are not news when it comes back. */
  forget(source: string): void {
    this.listed.delete(source);
  }
}
