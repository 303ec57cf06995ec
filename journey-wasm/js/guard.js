// Every error a caller can cause is a JourneyError with a `kind` (appended to the wasm-bindgen glue by
// scripts/build-wasm.sh; `__journeyGuard` is called at the end of the glue with the module's classes).
//
// The glue that wasm-bindgen writes checks some arguments before the Rust code runs and throws a plain
// `Error` without a kind: a value of the wrong class where an instance is expected ("expected instance of
// Journey"), an instance used after `free()` ("null pointer passed to rust"), one moved into another call
// ("Attempt to use a moved value"), and one used again from inside a call on it ("recursive use of an object
// detected"). The guard wraps the classes' methods, getters and static functions so that exactly these become
// `JourneyError`s of kind `argument` naming the call and the object; every other error passes unchanged.
function __journeyGuard(classes, functions) {
  const CHECKS = [
    [/^expected instance of (\w+)/, (m, where, args) =>
      `${where}: expected instance of ${m[1]}, found ${args.map(__journeyDescribe).join(', ') || 'nothing'}`],
    [/^null pointer passed to rust/, (m, where, args, self) =>
      `${where}: ${__journeyFreed(self, args)} was freed (free() was called on it) and can no longer be used`],
    [/^Attempt to use a moved value/, (m, where, args, self) =>
      `${where}: ${__journeyFreed(self, args)} was moved into another object and can no longer be used`],
    [/^recursive use of an object detected/, (m, where) =>
      `${where}: an object of this call is in use by a call that has not returned (such as from inside a ` +
      'progress callback); call it after that one returns'],
  ];
  const convert = (error, where, args, self) => {
    if (!(error instanceof Error) || error.kind !== undefined) return error;
    for (const [pattern, message] of CHECKS) {
      const m = pattern.exec(error.message);
      if (m) {
        const converted = new Error(message(m, where, args, self));
        converted.name = 'JourneyError';
        converted.kind = 'argument';
        return converted;
      }
    }
    return error;
  };
  const wrap = (f, where) => {
    const guarded = function (...args) {
      try {
        const result = f.apply(this, args);
        if (result instanceof Promise) {
          return result.catch((e) => { throw convert(e, where, args, this); });
        }
        return result;
      } catch (e) {
        throw convert(e, where, args, this);
      }
    };
    Object.defineProperty(guarded, 'name', { value: f.name });
    return guarded;
  };
  for (const cls of classes) {
    for (const target of [cls.prototype, cls]) {
      for (const key of Object.getOwnPropertyNames(target)) {
        if (key === 'constructor' || key === 'prototype' || key === 'length' || key === 'name' ||
            key.startsWith('__wbg') || key === 'free' || key === '__destroy_into_raw') continue;
        const d = Object.getOwnPropertyDescriptor(target, key);
        const where = `${cls.name}.${key}`;
        if (typeof d.value === 'function') {
          d.value = wrap(d.value, where);
        } else if (d.get || d.set) {
          if (d.get) d.get = wrap(d.get, where);
          if (d.set) d.set = wrap(d.set, where);
        } else {
          continue;
        }
        Object.defineProperty(target, key, d);
      }
    }
  }
  const out = {};
  for (const [name, f] of Object.entries(functions)) out[name] = wrap(f, name);
  return out;
}

function __journeyDescribe(value) {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  if (typeof value === 'object') {
    const name = value.constructor && value.constructor.name;
    return name && name !== 'Object' ? `an instance of ${name}` : 'an object';
  }
  return typeof value;
}

function __journeyFreed(self, args) {
  const gone = (v) => v !== null && typeof v === 'object' && '__wbg_ptr' in v && v.__wbg_ptr === 0;
  if (gone(self)) return `this ${self.constructor.name}`;
  const i = args.findIndex(gone);
  return i >= 0 ? `argument ${i + 1} (a ${args[i].constructor.name})` : 'an object of this call';
}
