import type { UsageEventInput } from '@tokenledger/contract'

/**
 * A stand-in for the api's tRPC endpoint as a `fetch`: answers `usage.logBatch` like the api
 * (every event stored once per idempotency key) and records the events, so tests of the builder
 * and the wrappers need no database.
 */
export function fakeApiFetch() {
  const events: UsageEventInput[] = []
  const seen = new Set<string>()
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = String(input instanceof Request ? input.url : input)
    if (!url.includes('usage.logBatch')) return new Response('not found', { status: 404 })
    const body = JSON.parse(String(init?.body)) as Record<string, { events: UsageEventInput[] }>
    const results = Object.values(body).map((call) => {
      const perEvent = call.events.map((event, index) => {
        const key = event.idempotencyKey ?? `${Math.random()}`
        const duplicate = seen.has(key)
        seen.add(key)
        if (!duplicate) events.push(event)
        return { index, status: duplicate ? 'duplicate' : 'stored', id: index + 1, cost: null, priced: false }
      })
      return { result: { data: { results: perEvent } } }
    })
    return new Response(JSON.stringify(results), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }) as typeof fetch
  return { fetch: fetchFn, events }
}
