/** An error raised by a port function, worded as the game words it: `<fn>: <message>`. */
export class PortError extends Error {
  constructor(
    readonly fn: string,
    readonly detail: string,
    options?: ErrorOptions,
  ) {
    super(`${fn}: ${detail}`, options);
    this.name = 'PortError';
  }
}
