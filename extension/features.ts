import type { PortsContext } from './context';
import { registerDashboard } from './dashboard/feature';
import { registerGameLink } from './game-link/feature';
import { registerLanguageFeature } from './language/feature';
import { registerPortCommands } from './ports/commands';
import { registerPortsView } from './ports/view';
import { registerProcessesFeature } from './processes/feature';
import { registerRegistryFeature } from './registry/feature';

/** Every capability registers itself here; activate() runs them in order. Each keeps its start-up cheap. */
export const features: ((ctx: PortsContext) => void)[] = [registerPortsView, registerPortCommands, registerRegistryFeature, registerLanguageFeature, registerGameLink, registerDashboard, registerProcessesFeature];
