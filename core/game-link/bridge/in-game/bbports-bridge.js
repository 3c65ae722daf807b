/**
 * bbports-bridge.js: the Bitburner Ports bridge between the game's ports and VS Code (or `bbports serve`).
 * Start it once from the game's terminal:  run bbports-bridge.js   (1.60 GB; 1.70 GB with dead-owner checks on)
 *
 * It reads its address and token from bbports-bridge.json (pushed with it) and opens its own WebSocket to the tool.
 * RAM: no identifier here may be named like an ns function (the game's static checker charges for names, not calls).
 * Concurrency: socket callbacks only queue messages and wake the loop; every ns call happens in main's loop, which
 * waits with ns.asleep and port nextWrite promises, never ns.sleep.
 */
const SETTINGS_FILE = 'bbports-bridge.json';
const PROTOCOL = 1;
/** Queued by the close callback, which must not call ns itself. */
const GONE = Symbol('gone');

/** @param {NS} ns */
export async function main(ns) {
  const settings = readSettings(ns);
  if (!settings) return;
  ns.disableLog('ALL');
  const myPid = ns.pid;
  const note = (text) => ns.print(`bbports: ${text}`);

  let sock = null;
  let linked = false;
  let backoff = 500;
  let retryAt = 0;
  let wakeUp = null;
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

  let watched = [];
  let deep = new Set();
  const consumed = new Set();
  const reported = new Map();
  const seen = new Map();
  const deepItems = new Map();
  const dirty = new Set();
  const armed = new Map();
  const outbox = new Map();
  const offered = new Set();
  let keepFree = 0;
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
      sock.send(JSON.stringify(message, encode));
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
    me.onopen = () => me.send(JSON.stringify({ t: 'hello', token: settings.token, pid: myPid, protocol: PROTOCOL }));
    me.onmessage = (ev) => {
      inbox.push(ev.data);
      wake();
    };
    me.onclose = () => {
      if (sock !== me) return;
      sock = null;
      if (linked) inbox.push(GONE);
      linked = false;
      retryAt = Date.now() + backoff;
      backoff = Math.min(backoff * 2, 30000);
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
        return h.write(m.value);
      case 'tryWrite':
        return h.tryWrite(m.value);
      case 'read':
        return h.read();
      case 'peek':
        return h.peek();
      case 'clear':
        h.clear();
        return null;
      case 'send': {
        const queue = outbox.get(m.port) || [];
        for (const v of m.values) queue.push(v);
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
        backoff = 500;
        requestPort = m.requestPort;
        freePortsPort = m.freePortsPort;
        keepFree = m.keepFree;
        pollMs = m.pollMs || pollMs;
        // Numbers left on FreePorts by an earlier bridge are no longer on offer: start it empty (as seed 001 does).
        if (freePortsPort) handleOf(freePortsPort).clear();
        offered.clear();
        askedFor = 0;
        reported.clear();
        deepItems.clear();
        setWatch(m);
        note(`linked to ${settings.url}`);
        return;
      case 'watch':
        return setWatch(m);
      case 'cmd':
        if (m.op === 'stats') return answer(m.id, { ok: true, result: { fullScanMs, scans, watched: watched.length } });
        // liveness:start
        if (m.op === 'alive') return answer(m.id, { ok: true, result: m.pids.map((pid) => ns.isRunning(pid)) });
        // liveness:end
        try {
          return answer(m.id, { ok: true, result: perform(m) });
        } catch (e) {
          return answer(m.id, { ok: false, error: e instanceof Error ? e.message : String(e) });
        }
      case 'offer': {
        const free = handleOf(freePortsPort);
        askedFor = Math.max(0, askedFor - m.ports.length);
        const unused = [];
        for (const n of m.ports) {
          handleOf(n).clear();
          if (free.tryWrite(n)) offered.add(n);
          else unused.push(n);
        }
        if (unused.length) transmit({ t: 'unused', ports: unused });
        return;
      }
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

  const flushOutboxes = () => {
    for (const [n, queue] of outbox) {
      const h = handleOf(n);
      let i = 0;
      while (i < queue.length && h.tryWrite(queue[i])) i++;
      if (i) queue.splice(0, i);
      if (!queue.length) outbox.delete(n);
    }
  };

  const drainConsumed = () => {
    for (const n of consumed) {
      const h = handleOf(n);
      if (h.empty()) continue;
      const items = [];
      while (!h.empty()) items.push(h.read());
      transmit({ t: 'items', port: n, items });
    }
  };

  const serveRegistry = () => {
    if (!requestPort) return;
    const rq = handleOf(requestPort);
    while (!rq.empty()) {
      const message = rq.read();
      if (message && typeof message === 'object' && message.type === 'reserve') offered.delete(message.port);
      transmit({ t: 'request', message });
    }
    const missing = keepFree - offered.size - askedFor;
    if (missing > 0) {
      askedFor += missing;
      transmit({ t: 'need', count: missing });
    }
  };

  const scanPorts = (all) => {
    const started = performance.now();
    const changes = [];
    for (const n of watched) {
      const wrote = dirty.has(n);
      if (!all && !wrote) continue;
      const h = handleOf(n);
      const empty = h.empty();
      const state = { port: n, empty, full: h.full() };
      if (!empty) state.front = h.peek();
      const cheap = JSON.stringify(state, encode);
      if (deep.has(n) && !empty) {
        if (wrote || cheap !== seen.get(n) || !deepItems.has(n)) {
          // Drain and restore in one synchronous block: atomic and order-keeping, but it wakes nextWrite waiters.
          const items = [];
          while (!h.empty()) items.push(h.read());
          for (const item of items) h.write(item);
          rearm(n);
          deepItems.set(n, items);
        }
        state.items = deepItems.get(n);
      } else {
        deepItems.delete(n);
      }
      seen.set(n, cheap);
      const key = state.items ? JSON.stringify(state, encode) : cheap;
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

function readSettings(ns) {
  const text = ns.read(SETTINGS_FILE);
  try {
    const s = JSON.parse(text);
    if (s && typeof s.url === 'string' && typeof s.token === 'string') return s;
  } catch {
    // reported below
  }
  ns.tprint(`bbports bridge: ${SETTINGS_FILE} is missing or broken. In VS Code run "Bitburner Ports: Install Game Bridge" to push it again.`);
  return null;
}

/** JSON for what ports may hold: Maps and Sets as arrays, BigInts as text, undefined as null. */
function encode(_key, value) {
  if (typeof value === 'bigint') return `${value}n`;
  if (value instanceof Map) return [...value];
  if (value instanceof Set) return [...value];
  return value === undefined ? null : value;
}
