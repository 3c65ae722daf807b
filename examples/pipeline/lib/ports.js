/** One place for the pipeline's port numbers, imported the game's way: import { PORTS } from '/lib/ports.js'. */
export const PORTS = { JOBS: 1, RESULTS: 2 };
