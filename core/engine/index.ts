// Public entry point: `require('bitburner-ports/engine')` after `npm run build`.
export { PortEngine, type PortEngineOptions, type PortSnapshot } from './engine';
export type { PortEvent, PortEventKind, PortListener } from './events';
export { PortHistory, type PortStats } from './history';
export type { NetscriptPort, NsPorts } from './ns';
export { PortError } from './errors';
export { toPortNumber, portNumberProblem } from './port-number';
export { NULL_PORT_DATA, DEFAULT_PORT_CAPACITY, MAX_PORT_NUMBER } from './constants';
export { Queue } from './queue';
