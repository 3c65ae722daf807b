import type { PortsContext } from './context';
import { registerPortCommands } from './ports/commands';
import { registerPortsView } from './ports/view';
import { registerRegistryFeature } from './registry/feature';

/** Every capability registers itself here; activate() runs them in order. Each keeps its start-up cheap. */
export const features: ((ctx: PortsContext) => void)[] = [registerPortsView, registerPortCommands, registerRegistryFeature];
