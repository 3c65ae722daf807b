// Public entry point: `require('bitburner-ports/engine')` after `npm run build`.
export { PortEngine, type PortEngineOptions, type PortSnapshot } from './engine';
export type { PortEvent, PortEventKind, PortListener } from './events';
export { PortHistory, type PortStats } from './history';
export type { NetscriptPort, NsPorts, NsOptions } from './ns';
export type { ScriptIdentity } from './game-error';
export { GAME_VERSIONS, DEFAULT_GAME_VERSION, toGameVersion, type GameVersion } from './game-version';
export { PortError } from './errors';
export { toPortNumber, portNumberProblem, checkPortNumber } from './port-number';
export { portFaultText, describeValue, UNSERIALIZABLE, type PortFault } from './texts';
export { NULL_PORT_DATA, DEFAULT_PORT_CAPACITY, MAX_PORT_NUMBER } from './constants';
export { Queue } from './queue';
