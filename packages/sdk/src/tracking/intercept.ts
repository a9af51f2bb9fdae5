/**
 * A proxy of `client` in which the method `method` of the resource at `path` (e.g.
 * `['chat', 'completions']`, `'create'`) is replaced, and `extras` are readable on the root.
 * Everything else reads through to the client:
 * - the client's own methods are bound to the real client (they use private fields);
 * - the resource's other methods (`stream()`, `parse()`…) run against the proxied resource, whose
 *   `_client` is the proxy, so helpers that call the replaced method again, directly or through
 *   the client, are tracked too (once).
 */
export function interceptMethod<C extends object>(
  client: C,
  path: readonly string[],
  method: string,
  replacement: (resource: object) => (...args: never[]) => unknown,
  extras: Record<string, unknown>,
): C {
  const children = new Map<string, object>()
  const bound = new Map<PropertyKey, unknown>()
  let replaced: unknown

  const level = (target: object, depth: number): object =>
    new Proxy(target, {
      get(resource, prop) {
        if (depth === 0 && typeof prop === 'string' && Object.hasOwn(extras, prop)) return extras[prop]
        if (depth === path.length) {
          if (prop === method) {
            replaced ??= replacement(resource)
            return replaced
          }
          if (prop === '_client') return root
          return Reflect.get(resource, prop)
        }
        const value = Reflect.get(resource, prop)
        if (prop === path[depth] && value && typeof value === 'object') {
          const key = path.slice(0, depth + 1).join('.')
          if (!children.has(key)) children.set(key, level(value, depth + 1))
          return children.get(key)
        }
        if (depth === 0 && typeof value === 'function') {
          if (!bound.has(prop)) bound.set(prop, value.bind(resource))
          return bound.get(prop)
        }
        return value
      },
    })

  const root = level(client, 0) as C
  return root
}
