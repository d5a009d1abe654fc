/**
 * `Object.freeze`, all the way down: plain objects, arrays, and the values of Maps and Sets. A
 * Map's or Set's own entries cannot be frozen; the config types hand them out as ReadonlyMap.
 *
 * @example const config = deepFreeze({ server: { port: 8766 } }); // config.server.port = 1 throws in strict mode
 */
export function deepFreeze<Value>(value: Value): Value {
  if (typeof value !== 'object' || value === null || Object.isFrozen(value)) return value;
  Object.freeze(value);
  if (value instanceof Map || value instanceof Set) {
    for (const entry of value.values()) deepFreeze(entry);
    return value;
  }
  for (const property of Object.values(value)) deepFreeze(property);
  return value;
}
