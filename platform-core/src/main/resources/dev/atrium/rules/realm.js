// The realm every rule runs in. Evaluated once per context, before any rule: it guards the builtins
// that turn one call into a huge allocation, removes what could carry state from one execution to the
// next, freezes every object a script can reach without creating it, checks that, and returns the entry
// function the engine calls for each execution. Nothing here is visible to rules but the entry's
// arguments, so no state survives an execution: every object a script can touch is either frozen or
// its own.
(function () {
  'use strict';
  const G = globalThis;
  const { freeze, isFrozen, defineProperty, getOwnPropertyDescriptor, getPrototypeOf } = Object;
  const ownKeys = Reflect.ownKeys;
  const parse = JSON.parse, stringify = JSON.stringify;
  const FunctionConstructor = Function;
  const SafeMap = Map, SafeSet = Set, SafeProxy = Proxy;
  const isArray = Array.isArray;
  const push = (list, item) => { list[list.length] = item; };

  // Builtins that run to completion with no way to interrupt them: refuse inputs that make them long.
  const MAX_STRING = 1 << 20, MAX_PARTS = 100000, MAX_ELEMENTS = 1000000, MAX_SORT = 100000;
  const tooBig = (what) => { throw new RangeError('rules may not ' + what); };
  const guard = (proto, name, wrap) => defineProperty(proto, name, { value: wrap(proto[name]) });
  guard(String.prototype, 'repeat', (repeat) => function (n) {
    if (this.length * Number(n) > MAX_STRING) tooBig('build strings over 1 MB');
    return repeat.call(this, n);
  });
  for (const pad of ['padStart', 'padEnd']) {
    guard(String.prototype, pad, (f) => function (n, s) {
      if (Number(n) > MAX_STRING) tooBig('build strings over 1 MB');
      return f.call(this, n, s);
    });
  }
  guard(String.prototype, 'split', (split) => function (sep, limit) {
    const parts = split.call(this, sep, limit === undefined ? MAX_PARTS + 1 : limit);
    if (parts.length > MAX_PARTS) tooBig('split into more than 100,000 parts');
    return parts;
  });
  guard(Array.prototype, 'fill', (fill) => function (...args) {
    if (this.length > MAX_ELEMENTS) tooBig('fill arrays over 1,000,000 elements');
    return fill.apply(this, args);
  });
  guard(Array.prototype, 'join', (join) => function (sep) {
    if (this.length > MAX_ELEMENTS) tooBig('join arrays over 1,000,000 elements');
    return join.call(this, sep);
  });
  for (const name of ['sort', 'toSorted']) {
    guard(Array.prototype, name, (sort) => function (compare) {
      if (this.length > MAX_SORT) tooBig('sort arrays over 100,000 elements');
      return sort.call(this, compare);
    });
  }
  const TypedArray = getPrototypeOf(Int8Array);
  for (const name of ['sort', 'toSorted']) {
    guard(TypedArray.prototype, name, (sort) => function (compare) {
      if (this.length > MAX_SORT) tooBig('sort arrays over 100,000 elements');
      return sort.call(this, compare);
    });
  }
  guard(JSON, 'stringify', () => function (value, replacer, space) {
    // A replacer function makes the walk call back into JavaScript, where budgets apply; it also counts
    // the values, so one call cannot run long.
    let visited = 0;
    const allow = isArray(replacer) ? new SafeSet(replacer.map(String)) : null;
    const own = typeof replacer === 'function' ? replacer : null;
    return stringify(value, function (key, v) {
      if (++visited > MAX_ELEMENTS) tooBig('stringify more than 1,000,000 values');
      if (allow !== null && key !== '' && !isArray(this) && !allow.has(key)) return undefined;
      return own === null ? v : own.call(this, key, v);
    }, space);
  });

  // What could carry state from one execution to another, or is not for rules.
  for (const name of ['eval', 'WeakRef', 'FinalizationRegistry', 'SharedArrayBuffer', 'Atomics', 'arguments']) {
    delete G[name];
  }
  for (const name of ownKeys(RegExp)) {
    if (typeof name === 'string' && (name.startsWith('$') || ['input', 'lastMatch', 'lastParen', 'leftContext', 'rightContext'].includes(name))) {
      delete RegExp[name];
    }
  }

  // Assigning to an own property whose name a frozen prototype also has (record.constructor = x, an
  // error's this.name = ...) would fail; these accessors let instances define their own instead.
  function allowOverride(proto, name) {
    const d = getOwnPropertyDescriptor(proto, name);
    if (!d || !('value' in d) || !d.configurable) return;
    const value = d.value;
    defineProperty(proto, name, {
      get() { return value; },
      set(v) {
        if (this === proto) throw new TypeError('Cannot assign to read only property \'' + String(name) + '\'');
        defineProperty(this, name, { value: v, writable: true, enumerable: true, configurable: true });
      },
      enumerable: d.enumerable,
      configurable: false,
    });
  }
  for (const name of ownKeys(Object.prototype)) if (name !== '__proto__') allowOverride(Object.prototype, name);
  for (const E of [Error, EvalError, RangeError, ReferenceError, SyntaxError, TypeError, URIError, AggregateError]) {
    for (const name of ['name', 'message', 'constructor', 'toString']) allowOverride(E.prototype, name);
  }
  for (const name of ['constructor', 'toString', 'push', 'concat', 'join', 'map', 'filter', 'forEach']) {
    allowOverride(Array.prototype, name);
  }
  for (const name of ['constructor', 'toString', 'call', 'apply', 'bind']) allowOverride(FunctionConstructor.prototype, name);
  allowOverride(Promise.prototype, 'constructor');
  allowOverride(Promise.prototype, 'then');

  // Objects no global property leads to, reachable from values scripts create.
  const hidden = [
    function* () {}, async function () {}, async function* () {}, () => {},
    [][Symbol.iterator](), ''[Symbol.iterator](), new SafeMap()[Symbol.iterator](), new SafeSet()[Symbol.iterator](),
    'a'.matchAll(/a/g), TypedArray, new ArrayBuffer(1),
  ];
  if (typeof Iterator === 'function') {
    push(hidden, Iterator.from({ next() { return { done: true }; } }));
    if (typeof Iterator.prototype.map === 'function') push(hidden, [].values().map((x) => x));
  }
  if (typeof Intl === 'object' && typeof Intl.Segmenter === 'function') {
    const segments = new Intl.Segmenter('en').segment('a');
    push(hidden, segments, segments[Symbol.iterator]());
  }

  // Freeze everything reachable: own properties (values and accessors) and prototypes, transitively.
  function reachable(roots) {
    const seen = new SafeSet();
    const todo = [...roots];
    while (todo.length > 0) {
      const o = todo.pop();
      if ((typeof o !== 'object' && typeof o !== 'function') || o === null || seen.has(o)) continue;
      seen.add(o);
      push(todo, getPrototypeOf(o));
      for (const key of ownKeys(o)) {
        const d = getOwnPropertyDescriptor(o, key);
        if (d === undefined) continue;
        if ('value' in d) push(todo, d.value);
        else {
          push(todo, d.get);
          push(todo, d.set);
        }
      }
    }
    return seen;
  }
  const roots = [G, ...hidden];
  for (const o of reachable(roots)) freeze(o);
  let unfrozen = 0;
  for (const o of reachable(roots)) if (!isFrozen(o)) unfrozen++;

  function deepFreeze(o) {
    if (typeof o === 'object' && o !== null && !isFrozen(o)) {
      freeze(o);
      for (const key of ownKeys(o)) deepFreeze(o[key]);
    }
    return o;
  }

  const compiled = new SafeMap();
  let lastUser = null;
  function compile(source) {
    let fn = compiled.get(source);
    if (fn === undefined) {
      if (compiled.size >= 1000) compiled.clear();
      fn = freeze(new FunctionConstructor('record', 'old', 'user', 'now', 'error', 'plugins', 'query', '\'use strict\';' + source));
      compiled.set(source, fn);
    }
    return fn;
  }

  // What an execution's helpers talk to: set by entry for each execution. The helpers themselves are made
  // once and frozen (a script cannot change them or keep anything in them), not built for every record.
  let errors = [], callPlugin = null, runQuery = null;
  const error = freeze((field, message) => { push(errors, [String(field), String(message)]); });
  const plugins = new SafeProxy(freeze({}), freeze({
    get: (target, name) => typeof name !== 'string' || name === 'then' ? undefined
      : (...args) => parse(callPlugin(name, stringify(args))),
  }));
  const query = freeze((entity, filter, options) => parse(runQuery(String(entity), filter == null ? '' : String(filter),
    options && options.sort ? String(options.sort) : '', options && options.limit ? Number(options.limit) : 20)));
  // the answers of most validations, written once: a boolean, no errors, the record not sent back
  const PASSED = stringify({ result: true, record: null, errors: [] });
  const FAILED = stringify({ result: false, record: null, errors: [] });

  // fn: a function compile returned (the engine keeps them per realm, so no source crosses per execution)
  const entry = function (fn, recordJson, oldJson, userJson, now, plugin, queries, keepRecord) {
    // the engine sends the user only when it differs from this realm's last execution's (null: the same);
    // first, so that nothing can fail before it (after a failure the engine sends the user again)
    if (userJson !== null) lastUser = deepFreeze(parse(userJson));
    errors = [];
    callPlugin = plugin;
    runQuery = queries;
    const record = parse(recordJson);
    const old = oldJson === null ? null : deepFreeze(parse(oldJson));
    const result = fn(record, old, lastUser, now, error, plugins, query);
    if (result !== null && typeof result === 'object' && typeof result.then === 'function') {
      throw new TypeError('rules must not return a promise');
    }
    // validation and default rules cannot change the record: do not send it back
    if (!keepRecord && errors.length === 0 && (result === true || result === false)) return result ? PASSED : FAILED;
    return stringify({ result: result === undefined ? null : result, record: keepRecord ? record : null, errors: errors });
  };
  // a syntax check without running: the function JavaScript would build around the body
  const check = (source) => { compile(source); return null; };
  return freeze({ entry: freeze(entry), check: freeze(check), compile: freeze(compile), unfrozen });
})()
