/** One method to replace: `method` of the resource at `path` (e.g. `['chat', 'completions']`, `'create'`). */
export interface Interception {
  path: readonly string[]
  method: string
  replacement: (resource: object) => (...args: never[]) => unknown
}

/**
 * A proxy of `client` in which each interception's method is replaced, and `extras` are readable
 * on the root. Everything else reads through to the client:
 * - the client's own methods are bound to the real client (they use private fields);
 * - an intercepted resource's other methods (`stream()`, `parse()`…) run against the proxied
 *   resource, whose `_client` is the proxy, so helpers that call a replaced method again,
 *   directly or through the client, are tracked too (once).
 */
export function interceptMethods<C extends object>(
  client: C,
  interceptions: readonly Interception[],
  extras: Record<string, unknown>,
): C {
  const children = new Map<string, object>()
  const bound = new Map<PropertyKey, unknown>()
  const replaced = new Map<string, unknown>()
  const startsWith = (path: readonly string[], prefix: readonly string[]) =>
    prefix.length <= path.length && prefix.every((part, i) => path[i] === part)

  const level = (target: object, at: readonly string[]): object =>
    new Proxy(target, {
      get(resource, prop) {
        if (at.length === 0 && typeof prop === 'string' && Object.hasOwn(extras, prop)) return extras[prop]
        const here = interceptions.find(
          (i) => i.method === prop && i.path.length === at.length && startsWith(i.path, at),
        )
        if (here) {
          const key = [...at, here.method].join('.')
          if (!replaced.has(key)) replaced.set(key, here.replacement(resource))
          return replaced.get(key)
        }
        if (prop === '_client' && at.length > 0) return root
        const value = Reflect.get(resource, prop)
        if (typeof prop === 'string' && value && typeof value === 'object') {
          const next = [...at, prop]
          if (interceptions.some((i) => startsWith(i.path, next))) {
            const key = next.join('.')
            if (!children.has(key)) children.set(key, level(value, next))
            return children.get(key)
          }
        }
        if (at.length === 0 && typeof value === 'function') {
          if (!bound.has(prop)) bound.set(prop, value.bind(resource))
          return bound.get(prop)
        }
        return value
      },
    })

  const root = level(client, []) as C
  return root
}
