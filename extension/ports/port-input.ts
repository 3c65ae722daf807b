import { MAX_PORT_NUMBER } from '../../core/engine/constants';

/**
 * What the port input box says about typed text: undefined for a port, else a plain sentence. The game's own texts
 * (`'portNumber' is NaN.`) stay where the game would say them, in errors from port calls; a person typing in a box
 * gets this.
 */
export function portInputProblem(text: string): string | undefined {
  const t = text.trim();
  const n = Number(t);
  return /^\d+$/.test(t) && n >= 1 && n <= MAX_PORT_NUMBER ? undefined : `A port is a whole number from 1 to ${MAX_PORT_NUMBER}.`;
}

/** The port the user last picked or used: offered first the next time a port is asked for. */
let suggested: number | undefined;

export function suggestPort(port: number | undefined): void {
  if (port !== undefined) suggested = port;
}

export function suggestedPort(): number | undefined {
  return suggested;
}
