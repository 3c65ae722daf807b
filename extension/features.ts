import type { PortsContext } from './context';
import { registerDashboard } from './dashboard/feature';
import { registerGameLink } from './game-link/feature';
import { registerLanguageFeature } from './language/feature';
import { registerPortCommands } from './ports/commands';
import { registerPlayground } from './playground/feature';
import { registerPortsView } from './ports/view';
import { registerProcessesFeature } from './processes/feature';
import { registerRamEstimate } from './ram/feature';
import { registerTypesSetup } from './types/feature';
import { registerRegistryFeature } from './registry/feature';

/** Every capability registers itself here; activate() runs them in order. Each keeps its start-up cheap. */
export const features: ((ctx: PortsContext) => void)[] = [registerPortsView, registerPortCommands, registerRegistryFeature, registerLanguageFeature, registerGameLink, registerDashboard, registerProcessesFeature, registerPlayground, registerRamEstimate, registerTypesSetup];
