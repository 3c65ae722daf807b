// Runs as a game script inside the real game and, unchanged, on the engine's facade (test/game/engine-texts.test.ts):
// every outcome and every thrown value is reported, so the two can be compared field by field.
/** @param {NS} ns */
export async function main(ns) {
  const results = [];
  const check = (name, fn) => {
    try {
      results.push({ name, returned: shown(fn()) });
    } catch (e) {
      results.push({ name, threw: thrownValue(e) });
    }
  };
  for (const [label, value] of [
    ["'abc'", 'abc'], ['{}', {}], ['null', null], ['undefined', undefined], ['NaN', NaN], ['0', 0], ['-3', -3],
    ['1.5', 1.5], ["'1.5'", '1.5'], ["''", ''], ['[]', []], ['true', true], ['Infinity', Infinity],
    ['2**53', 2 ** 53], ["'7'", '7'], ["'7abc'", '7abc'], ["{ a: 'a long string here' }", { a: 'a long string here' }],
  ]) {
    check(`readPort(${label})`, () => ns.readPort(value));
  }
  check('writePort(0)', () => ns.writePort(0, 'x'));
  check('tryWritePort(0)', () => ns.tryWritePort(0, 'x'));
  check('peek(0)', () => ns.peek(0));
  check('clearPort(0)', () => ns.clearPort(0));
  check('nextPortWrite(0)', () => ns.nextPortWrite(0));
  check('getPortHandle(0)', () => ns.getPortHandle(0));
  check('getPortHandle(NaN)', () => ns.getPortHandle(NaN));
  check('writePort(2**53)', () => ns.writePort(2 ** 53, 'x'));
  check('deep readPort(x)', () => deep1(ns, 'x'));
  check('deep readPort(-1)', () => deep1(ns, -1));
  check('deep readPort(2**53)', () => deep1(ns, 2 ** 53));
  check('writePort(function)', () => ns.writePort(11, () => 1));
  check('tryWritePort(Promise)', () => ns.tryWritePort(11, Promise.resolve(1)));
  check('writePort(ns)', () => ns.writePort(11, ns));
  check('writePort(object with a function)', () => ns.writePort(11, { type: 'job', run() {} }));
  check('handle.write(function)', () => ns.getPortHandle(11).write(() => 2));
  check('handle.tryWrite(Proxy)', () => ns.getPortHandle(11).tryWrite(new Proxy({}, {})));
  check('port 11 empty after refusals', () => ns.getPortHandle(11).empty());
  check('writePort(Symbol)', () => ns.writePort(12, Symbol('s')));
  check('readPort after Symbol', () => ns.readPort(12));
  check('writePort then readPort', () => [ns.writePort(13, { n: 1 }), ns.readPort(13), ns.readPort(13)]);
  check('typeof isFullPort', () => typeof ns.isFullPort);
  check('typeof isEmptyPort', () => typeof ns.isEmptyPort);
  ns.tprint(`ENGINE-TEXTS ${JSON.stringify({ pid: ns.pid, results })}`);
}

function deep1(ns, v) { return deep2(ns, v); }
function deep2(ns, v) { return deep3(ns, v); }
function deep3(ns, v) { return deep4(ns, v); }
function deep4(ns, v) { return deep5(ns, v); }
function deep5(ns, v) { return deep6(ns, v); }
function deep6(ns, v) { return ns.readPort(v); }

function shown(v) {
  if (typeof v === 'symbol' || typeof v === 'function') return `${typeof v} ${String(v)}`;
  if (v !== null && typeof v === 'object' && !Array.isArray(v) && Object.getPrototypeOf(v) !== Object.prototype) return `object ${Object.prototype.toString.call(v)}`;
  return JSON.stringify(v === undefined ? 'undefined' : v);
}

function thrownValue(e) {
  if (typeof e === 'string') return { type: 'string', text: e, message: String(e.message) };
  return { type: typeof e, constructor: e?.constructor?.name, name: e?.name, message: e?.message, cause: e?.cause === undefined ? undefined : String(e.cause?.name) };
}
