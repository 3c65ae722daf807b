// The value codec of the game link: every value a game port can hold (whatever structuredClone accepts) as JSON, both
// ways, with its type, shared and cyclic references kept. Plain JS without any name the game charges RAM for: the tool
// pushes it inside bbports-bridge.js, and evaluates this same text for its own side (value-codec.ts).
//
// Wire form: strings, booleans, null and finite numbers (not -0) stand for themselves; everything else is an array
// whose first element is a tag. Every object gets the next reference number when first met, so ["r", n] can point back.

const VIEW_TYPES = ['Int8Array', 'Uint8Array', 'Uint8ClampedArray', 'Int16Array', 'Uint16Array', 'Int32Array', 'Uint32Array', 'Float32Array', 'Float64Array', 'BigInt64Array', 'BigUint64Array', 'DataView'];
const ERROR_TYPES = { Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError };

/** A value as its JSON-safe wire form. Throws (with what could not be carried) for what no port can hold. */
export function encodeValue(value) {
  const seen = new Map();
  const walk = (v) => {
    switch (typeof v) {
      case 'string':
      case 'boolean':
        return v;
      case 'number':
        return Number.isFinite(v) && !Object.is(v, -0) ? v : ['n', Object.is(v, -0) ? '-0' : String(v)];
      case 'undefined':
        return ['u'];
      case 'bigint':
        return ['b', v.toString()];
      case 'object':
        if (v === null) return null;
        if (seen.has(v)) return ['r', seen.get(v)];
        seen.set(v, seen.size);
        return walkObject(v);
      default:
        throw new TypeError(`a ${typeof v} cannot travel through a port`);
    }
  };
  const pairs = (entries) => {
    const out = [];
    for (const [k, v] of entries) out.push(walk(k), walk(v));
    return out;
  };
  const walkObject = (v) => {
    if (Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === v.length) return ['a', ...v.map(walk)];
      return ['s', v.length, ...pairs(keys.map((k) => [k, v[k]]))];
    }
    if (v instanceof Map) return ['M', ...pairs(v)];
    if (v instanceof Set) return ['S', ...[...v].map(walk)];
    if (v instanceof Date) return ['D', walk(v.getTime())];
    if (v instanceof RegExp) return ['R', v.source, v.flags];
    if (v instanceof ArrayBuffer) return ['B', bytesToText(new Uint8Array(v))];
    if (ArrayBuffer.isView(v)) {
      const type = Object.prototype.toString.call(v).slice(8, -1);
      if (!VIEW_TYPES.includes(type)) throw new TypeError(`a ${type} cannot travel through a port`);
      return ['V', type, walk(v.buffer), v.byteOffset, type === 'DataView' ? v.byteLength : v.length];
    }
    if (v instanceof Error) {
      const wire = ['E', v.name, v.message, v.stack === undefined ? null : String(v.stack)];
      if ('cause' in v) wire.push(walk(v.cause));
      return wire;
    }
    if (v instanceof Number || v instanceof String || v instanceof Boolean || (typeof BigInt === 'function' && v instanceof BigInt)) return ['P', walk(v.valueOf())];
    const type = Object.prototype.toString.call(v).slice(8, -1);
    if (type !== 'Object') throw new TypeError(`a ${type} cannot travel through the game link`);
    return ['o', ...pairs(Object.keys(v).map((k) => [k, v[k]]))];
  };
  return walk(value);
}

/** The value a wire form stands for. Throws on anything this codec does not write. */
export function decodeValue(wire) {
  const refs = [];
  const bad = (w) => new TypeError(`not a value in the game link's encoding: ${JSON.stringify(w).slice(0, 80)}`);
  const keep = (v) => (refs.push(v), v);
  const fill = (w, from, put) => {
    if ((w.length - from) % 2) throw bad(w);
    for (let i = from; i < w.length; i += 2) put(walk(w[i]), walk(w[i + 1]));
  };
  const walk = (w) => {
    if (w === null || typeof w === 'string' || typeof w === 'boolean' || typeof w === 'number') return w;
    if (!Array.isArray(w)) throw bad(w);
    switch (w[0]) {
      case 'u':
        return undefined;
      case 'n':
        return w[1] === '-0' ? -0 : Number(w[1]);
      case 'b':
        return BigInt(w[1]);
      case 'r':
        if (!(w[1] < refs.length)) throw bad(w);
        return refs[w[1]];
      case 'a': {
        const a = keep([]);
        for (let i = 1; i < w.length; i++) a.push(walk(w[i]));
        return a;
      }
      case 's': {
        const a = keep(new Array(w[1]));
        fill(w, 2, (k, v) => (a[k] = v));
        return a;
      }
      case 'o': {
        const o = keep({});
        fill(w, 1, (k, v) => (o[k] = v));
        return o;
      }
      case 'M': {
        const m = keep(new Map());
        fill(w, 1, (k, v) => m.set(k, v));
        return m;
      }
      case 'S': {
        const s = keep(new Set());
        for (let i = 1; i < w.length; i++) s.add(walk(w[i]));
        return s;
      }
      default:
        return walkLeaf(w);
    }
  };
  // Objects that cannot contain themselves: their reference number is taken first, the object made after its parts.
  const walkLeaf = (w) => {
    const at = refs.push(undefined) - 1;
    let v;
    switch (w[0]) {
      case 'D':
        v = new Date(walk(w[1]));
        break;
      case 'R':
        v = new RegExp(w[1], w[2]);
        break;
      case 'B':
        v = textToBytes(w[1]).buffer;
        break;
      case 'V': {
        if (!VIEW_TYPES.includes(w[1])) throw bad(w);
        v = new globalThis[w[1]](walk(w[2]), w[3], w[4]);
        break;
      }
      case 'E': {
        v = new (ERROR_TYPES[w[1]] || Error)(w[2]);
        if (!ERROR_TYPES[w[1]]) v.name = w[1];
        if (w[3] === null) delete v.stack;
        else v.stack = w[3];
        refs[at] = v;
        if (w.length > 4) v.cause = walk(w[4]);
        return v;
      }
      case 'P':
        v = Object(walk(w[1]));
        break;
      default:
        throw bad(w);
    }
    refs[at] = v;
    return v;
  };
  return walk(wire);
}

/** Bytes as base64 (btoa and atob exist in the game's page and in Node). */
function bytesToText(bytes) {
  let binary = '';
  for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

function textToBytes(text) {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}
