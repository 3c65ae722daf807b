export { PortRegistry, RegistryError, DEFAULT_FIRST_PORT, type Reservation, type RegistryStatus, type LivenessCheck, type PortRegistryOptions, type RegistryResponse } from './registry';
export { JsonFileStore, MemoryStore, REGISTRY_FILE_VERSION, type RegistryState, type RegistryStore } from './store';
export { ownerKey, describeOwner, parseOwner, type PortOwner } from './owner';
