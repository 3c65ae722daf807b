/**
 * Makes `Date.now()`, `new Date()` and `performance.now()` inside scripts follow the simulated clock. Only in the
 * playground's own worker thread, which runs nothing but the simulation and its scripts.
 */
export function installSimulatedClock(now: () => number, epoch: number): void {
  const RealDate = Date;
  class SimulatedDate extends RealDate {
    constructor(...args: ConstructorParameters<typeof Date> | []) {
      if (args.length === 0) super(Math.floor(epoch + now()));
      else super(...(args as ConstructorParameters<typeof Date>));
    }
    static override now(): number {
      return Math.floor(epoch + now());
    }
  }
  globalThis.Date = SimulatedDate as DateConstructor;
  performance.now = now;
}
