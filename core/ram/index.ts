// The static RAM calculator as a core feature: the editor's status bar, `bbports ram`, the playground. Its bundle
// (dist/ram.js) also carries the types setup, the editor's other user of the compiler on game definitions.
export { calculateRam, type RamEntry, type RamOptions, type RamResult, type RamSite } from './static-ram';
export { nsCost, shippedTable, sourceFile4Factor, tableWithDefinitions, type CostTable, type NsCost } from './cost-table';
export { ramView, sitesText, type RamAssumptions, type RamView } from './view';
export { assumedTable } from './assumed-table';
export { configStep, globalsDeclaration, DEFINITIONS_FILE, GLOBALS_FILE, type ConfigStep } from '../types/setup';
