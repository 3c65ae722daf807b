/**
 * bbports-bridge.js: the Bitburner Ports bridge between the game's ports and VS Code (or `bbports serve`).
 * Start it once from the game's terminal:  run bbports-bridge.js   (1.60 GB; 1.70 GB with dead-owner checks on)
 *
 * It reads its address and token from bbports-bridge.json (pushed with it) and opens its own WebSocket to the tool.
 * Values cross in the codec appended below (encodeValue/decodeValue), so Maps, BigInts, cycles… keep their shape.
 * RAM: no identifier here may be named like an ns function (the game's static checker charges for names, not calls).
 * Concurrency: socket callbacks only queue messages and wake the loop; every ns call happens in main's loop, which
 * waits with ns.asleep and port nextWrite promises, never ns.sleep.
 */
const SETTINGS_FILE = 'bbports-bridge.json';
const PROTOCOL = 2;
/** This script's version: when the tool pushes the script it writes a hash of the script's text here. */
const VERSION = 'BBPORTS_BRIDGE_VERSION';
/** Queued by the close callback, which must not call ns itself. */
const GONE = Symbol('gone');
/** A port no script uses: a bridge finds it empty only when the game's ports were wiped (a reload, a reset). */
const SESSION_PORT = Number.MAX_SAFE_INTEGER;
/** Close codes from the tool: another bridge is linked (this one stops), and a token it does not know. */
const ANOTHER_BRIDGE = 4009;
const BAD_TOKEN = 4003;

/** @param {NS} ns */
export async function main(ns) {
  let settings = readSettings(ns);
  if (!settings) return;
  ns.disableLog('ALL');
  const myPid = ns.pid;
  const note = (text) => ns.print(`bbports: ${text}`);

  let sock = null;
  let linked = false;
  let backoff = 500;
  let retryAt = 0;
  let wakeUp = null;
  /** Why the settings file is read again before the next try: 'token' (refused) or 'address' (any other close). */
  let reread = false;
  let stopWhy = null;
  const inbox = [];
  const wake = () => {
    const w = wakeUp;
    wakeUp = null;
    if (w) w();
  };

  const handles = new Map();
  const handleOf = (n) => {
    let h = handles.get(n);
    if (!h) {
      h = ns.getPortHandle(n);
      handles.set(n, h);
    }
    return h;
  };
  const session = handleOf(SESSION_PORT);
  /** Told to the first tool this bridge links to (ports empty: in-game reservations are stale); false after that. */
  let wiped = session.empty();
  if (wiped) session.write(`bbports session ${Date.now()}`);

  let watched = [];
  let deep = new Set();
  const consumed = new Set();
  const reported = new Map();
  const seen = new Map();
  const deepItems = new Map();
  const dirty = new Set();
  const armed = new Map();
  const writesSeen = new Map();
  const outbox = new Map();
  const offered = new Set();
  /** Numbers the tool gave for FreePorts that did not fit yet: FreePorts is refilled from here at once, no round trip. */
  const spareNumbers = [];
  let fill = 0;
  let spare = 0;
  let requestPort = 0;
  let freePortsPort = 0;
  let askedFor = 0;
  let pollMs = 250;
  let lastPoll = 0;
  let fullScanMs = 0;
  let scans = 0;

  const transmit = (message) => {
    if (!sock || !linked) return;
    try {
      sock.send(JSON.stringify(message));
    } catch (e) {
      note(`could not send ${message.t}: ${e}`);
    }
  };

  /** Resolves the port's waiting promise once; a write by anyone marks the port for a rescan and wakes the loop. */
  const arm = (n) => {
    if (armed.has(n)) return;
    const p = handleOf(n).nextWrite();
    armed.set(n, p);
    p.then(() => {
      if (armed.get(n) !== p) return;
      armed.delete(n);
      // At least one write since the last look (several between two looks count once): what a shallow view can know.
      writesSeen.set(n, (writesSeen.get(n) || 0) + 1);
      dirty.add(n);
      wake();
    });
  };
  /** Our own restoring writes must not look like news: forget the old promise and wait on a fresh one. */
  const rearm = (n) => {
    armed.delete(n);
    arm(n);
  };

  const dial = () => {
    try {
      sock = new WebSocket(settings.url);
    } catch (e) {
      note(`cannot reach ${settings.url}: ${e}`);
      sock = null;
      retryAt = Date.now() + backoff;
      return;
    }
    const me = sock;
    me.onopen = () => me.send(JSON.stringify({ t: 'hello', token: settings.token, pid: myPid, protocol: PROTOCOL, version: VERSION, wiped }));
    me.onmessage = (ev) => {
      inbox.push(ev.data);
      wake();
    };
    me.onclose = (ev) => {
      if (sock !== me) return;
      sock = null;
      if (linked) inbox.push(GONE);
      linked = false;
      if (ev.code === ANOTHER_BRIDGE) stopWhy = ev.reason || 'another bridge is linked';
      // Before the next try the settings are read again: the tool may have pushed a new token or moved to another port.
      reread = ev.code === BAD_TOKEN ? 'token' : 'address';
      retryAt = Date.now() + backoff;
      backoff = Math.min(backoff * 2, 5000);
      wake();
    };
    me.onerror = () => {};
  };

  ns.atExit(() => {
    if (sock) sock.close(1000, 'bridge stopped');
  });

  const answer = (id, body) => transmit({ t: 'reply', id, ...body });

  const perform = (m) => {
    const h = handleOf(m.port);
    dirty.add(m.port);
    switch (m.op) {
      case 'write':
        return h.write(decodeValue(m.value));
      case 'tryWrite':
        return h.tryWrite(decodeValue(m.value));
      case 'read':
        return h.read();
      case 'peek':
        return h.peek();
      case 'clear':
        h.clear();
        return null;
      case 'send': {
        const queue = outbox.get(m.port) || [];
        for (const v of m.values) queue.push(decodeValue(v));
        outbox.set(m.port, queue);
        return queue.length;
      }
      case 'consume':
        if (m.on) consumed.add(m.port);
        else consumed.delete(m.port);
        return m.on;
      default:
        throw new Error(`unknown op ${JSON.stringify(m.op)}`);
    }
  };

  const command = (m) => {
    if (m.op === 'stats') return answer(m.id, { ok: true, result: encodeValue({ fullScanMs, scans, watched: watched.length }) });
    // liveness:start
    if (m.op === 'alive') return answer(m.id, { ok: true, result: encodeValue(m.pids.map((pid) => ns.isRunning(pid))) });
    // liveness:end
    try {
      return answer(m.id, { ok: true, result: encodeValue(perform(m)) });
    } catch (e) {
      // The game throws its argument errors as plain strings; the tool unwraps them.
      return answer(m.id, { ok: false, error: e instanceof Error ? e.message : String(e) });
    }
  };

  const take = (raw) => {
    if (raw === GONE) return note('the tool went away; reconnecting');
    let m;
    try {
      m = JSON.parse(raw);
    } catch {
      note(`ignored a message that is not JSON: ${String(raw).slice(0, 80)}`);
      return;
    }
    if (!m || typeof m !== 'object') return note('ignored a message that is not an object');
    switch (m.t) {
      case 'welcome':
        linked = true;
        wiped = false;
        backoff = 500;
        requestPort = m.requestPort;
        freePortsPort = m.freePortsPort;
        fill = m.fill;
        spare = m.spare;
        pollMs = m.pollMs || pollMs;
        // Numbers left on FreePorts by an earlier bridge or tool are no longer on offer: start it empty (as seed 001 does).
        if (freePortsPort) handleOf(freePortsPort).clear();
        offered.clear();
        spareNumbers.length = 0;
        askedFor = 0;
        reported.clear();
        deepItems.clear();
        setWatch(m);
        note(`linked to ${settings.url}`);
        return;
      case 'watch':
        return setWatch(m);
      case 'cmd':
        return command(m);
      case 'offer':
        askedFor = Math.max(0, askedFor - m.ports.length);
        for (const n of m.ports) spareNumbers.push(n);
        return refillFreePorts();
      default:
        note(`ignored a message of unknown kind ${JSON.stringify(m.t)}`);
    }
  };

  function setWatch(m) {
    watched = Array.isArray(m.watch) ? m.watch.filter((n) => Number.isSafeInteger(n) && n > 0) : [];
    deep = new Set(Array.isArray(m.deep) ? m.deep : []);
    for (const n of [...reported.keys()]) if (!watched.includes(n)) reported.delete(n);
    for (const n of watched) dirty.add(n);
  }

  /** FreePorts filled up to `fill` numbers (0: until the port is full, as seed 001 keeps it), each port emptied first. */
  function refillFreePorts() {
    if (!freePortsPort) return;
    const free = handleOf(freePortsPort);
    while (spareNumbers.length && (fill ? offered.size < fill : !free.full())) {
      const n = spareNumbers.shift();
      handleOf(n).clear();
      if (!free.tryWrite(n)) {
        spareNumbers.unshift(n);
        break;
      }
      offered.add(n);
    }
  }

  const flushOutboxes = () => {
    for (const [n, queue] of outbox) {
      const h = handleOf(n);
      let i = 0;
      while (i < queue.length && h.tryWrite(queue[i])) i++;
      if (i) queue.splice(0, i);
      if (!queue.length) outbox.delete(n);
    }
  };

  /** Each value encoded on its own: one that cannot travel is named in `problems` and spoils nothing else. */
  const encodeEach = (values) => {
    const out = [];
    const problems = [];
    for (const v of values) {
      try {
        out.push(encodeValue(v));
      } catch (e) {
        problems.push(String(e instanceof Error ? e.message : e));
      }
    }
    return { out, problems };
  };

  const drainConsumed = () => {
    for (const n of consumed) {
      const h = handleOf(n);
      if (h.empty()) continue;
      const items = [];
      while (!h.empty()) items.push(h.read());
      const { out, problems } = encodeEach(items);
      transmit(problems.length ? { t: 'items', port: n, items: out, problems } : { t: 'items', port: n, items: out });
    }
  };

  const serveRegistry = () => {
    if (!requestPort) return;
    const rq = handleOf(requestPort);
    while (!rq.empty()) {
      const message = rq.read();
      if (message && typeof message === 'object' && message.type === 'reserve') offered.delete(message.port);
      const { out, problems } = encodeEach([message]);
      if (out.length) transmit({ t: 'request', message: out[0] });
      else note(`ignored a registry request that cannot be read: ${problems[0]}`);
      refillFreePorts();
    }
    refillFreePorts();
    const missing = spare - spareNumbers.length - askedFor;
    if (missing > 0) {
      askedFor += missing;
      transmit({ t: 'need', count: missing });
    }
  };

  /** One port's report; a value the codec cannot carry spoils only this port's report, with a problem to show. */
  const portState = (n, wrote) => {
    const h = handleOf(n);
    const empty = h.empty();
    const state = { port: n, empty, full: h.full() };
    if (writesSeen.has(n)) state.writes = writesSeen.get(n);
    try {
      if (!empty) state.front = encodeValue(h.peek());
    } catch (e) {
      state.problem = `the front item cannot travel: ${e instanceof Error ? e.message : e}`;
    }
    const cheap = JSON.stringify(state);
    if (deep.has(n) && !empty) {
      if (wrote || cheap !== seen.get(n) || !deepItems.has(n)) {
        // Drain and restore in one synchronous block: atomic and order-keeping, but it wakes nextWrite waiters.
        const items = [];
        while (!h.empty()) items.push(h.read());
        for (const item of items) h.write(item);
        rearm(n);
        const { out, problems } = encodeEach(items);
        deepItems.set(n, problems.length ? { problem: `${problems.length} item(s) cannot travel: ${problems[0]}` } : { items: out });
      }
      Object.assign(state, deepItems.get(n));
    } else {
      deepItems.delete(n);
    }
    seen.set(n, cheap);
    return state;
  };

  const scanPorts = (all) => {
    const started = performance.now();
    const changes = [];
    for (const n of watched) {
      const wrote = dirty.has(n);
      if (!all && !wrote) continue;
      const state = portState(n, wrote);
      const key = JSON.stringify(state);
      if (key === reported.get(n)) continue;
      reported.set(n, key);
      changes.push(state);
    }
    // Ports written while unwatched (or by our own commands) need no scan of their own.
    dirty.clear();
    if (all) fullScanMs = performance.now() - started;
    scans++;
    if (changes.length) transmit({ t: 'state', ports: changes });
  };

  note(`starting; tool at ${settings.url}`);
  for (;;) {
    try {
      if (stopWhy) {
        ns.tprint(`bbports bridge (pid ${myPid}): ${stopWhy}. This one stops; the other keeps the link.`);
        return;
      }
      if (reread) {
        const fresh = readSettings(ns, true);
        if (reread === 'token') note(`the tool refused the token; re-read ${SETTINGS_FILE} (the tool pushes it on every connect)`);
        if (fresh && fresh.url !== settings.url) {
          note(`${SETTINGS_FILE} names another address now: ${fresh.url}`);
          backoff = 500;
          retryAt = 0;
        }
        if (fresh) settings = fresh;
        reread = false;
      }
      if (!sock && Date.now() >= retryAt) dial();
      while (inbox.length) take(inbox.shift());
      if (linked) {
        flushOutboxes();
        drainConsumed();
        serveRegistry();
        const now = Date.now();
        const due = now - lastPoll >= pollMs;
        if (due) lastPoll = now;
        if (due || dirty.size) scanPorts(due);
        for (const n of watched) arm(n);
        for (const n of consumed) arm(n);
        if (requestPort) arm(requestPort);
      }
    } catch (e) {
      note(`error in the loop, carrying on: ${e instanceof Error ? e.stack || e.message : e}`);
    }
    const pause = linked ? (outbox.size ? 10 : pollMs) : Math.max(10, retryAt - Date.now());
    await Promise.race([new Promise((r) => (wakeUp = r)), ns.asleep(pause)]);
  }
}

/** The settings pushed with the script; quiet: a broken file is not reported (a retry keeps what it had). */
function readSettings(ns, quiet = false) {
  const text = ns.read(SETTINGS_FILE);
  try {
    const s = JSON.parse(text);
    if (s && typeof s.url === 'string' && typeof s.token === 'string') return s;
  } catch {
    // reported below
  }
  if (!quiet) ns.tprint(`bbports bridge: ${SETTINGS_FILE} is missing or broken. In VS Code run "Bitburner Ports: Install Game Bridge" (or start bbports serve and connect the game) to push it again.`);
  return null;
}
