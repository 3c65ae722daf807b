/** What the game returns from read/peek on an empty port. A script that wrote this very string gets it back too. */
export const NULL_PORT_DATA = 'NULL PORT DATA';

/** The game's default MaxPortCapacity. */
export const DEFAULT_PORT_CAPACITY = 50;

export const MAX_PORT_NUMBER = Number.MAX_SAFE_INTEGER;
