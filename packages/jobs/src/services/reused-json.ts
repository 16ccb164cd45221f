/**
 * JSON text made once for objects that go into many request bodies: a digest puts the same
 * 300 discoveries into 100,000 emails, and serialising them again for each was the largest
 * single cost of its worker after the HTTP client (bench:digest profile).
 */
const textOf = new WeakMap<object, string>();
/** Where an object keeps the function that writes its own JSON text (JSON.stringify skips symbol keys). */
const ownText = Symbol('json text');

/** Serialises `value` now and freezes it, so `stringifyReusing` can copy the text as it is. */
export function serialiseOnce<T extends object>(value: T): Readonly<T> {
  textOf.set(Object.freeze(value), JSON.stringify(value));
  return value;
}

/**
 * Gives `value` the function that writes its JSON text when it is sent, for a sender that
 * writes the text of its many objects faster by hand than any walk of them can. Kept on the
 * object under a symbol, not in the WeakMap above: a digest makes a hundred thousand of these,
 * and weak-map entries are work for every garbage collection while they live. `value` is frozen
 * (one level). The caller answers for the text being what JSON.stringify writes; a test of that
 * caller should compare the two.
 */
export function withOwnText<T extends object>(value: T, text: () => string): Readonly<T> {
  Object.defineProperty(value, ownText, { value: text });
  return Object.freeze(value);
}

/**
 * JSON.stringify of plain data (the same text), copying what `serialiseOnce` made for the
 * objects given to it. Objects with their own toJSON are left to JSON.stringify.
 */
export function stringifyReusing(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  const own = (value as { [ownText]?: () => string })[ownText];
  if (own !== undefined) return own();
  const known = textOf.get(value);
  if (known !== undefined) return known;
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') return JSON.stringify(value);
  if (Array.isArray(value))
    return `[${value.map((item) => (isOmitted(item) ? 'null' : stringifyReusing(item))).join(',')}]`;
  let members = '';
  for (const [key, item] of Object.entries(value)) {
    if (isOmitted(item)) continue;
    members += `${members ? ',' : ''}${JSON.stringify(key)}:${stringifyReusing(item)}`;
  }
  return `{${members}}`;
}

/** What JSON leaves out of objects (and writes as null in arrays). */
const isOmitted = (value: unknown) => value === undefined || typeof value === 'function' || typeof value === 'symbol';
