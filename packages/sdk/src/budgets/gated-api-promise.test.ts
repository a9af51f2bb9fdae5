import { describe, expect, it } from 'vitest'
import { GatedAPIPromise } from './gated-api-promise'

/** A stand-in for the SDKs' APIPromise: one request, a parse step, `_thenUnwrap` sharing the request. */
function fakeApiPromise<T>(requests: string[], value: T) {
  const response = Promise.resolve({ status: 200 })
  const make = <V>(parse: () => V): PromiseLike<V> & Record<string, unknown> => ({
    // biome-ignore lint/suspicious/noThenProperty: a thenable stands in for the SDK's APIPromise.
    then: (f, r) => response.then(parse).then(f, r),
    _thenUnwrap: <U>(transform: (data: V) => U) => make(() => transform(parse())),
    asResponse: () => response,
    withResponse: () => response.then((r) => ({ data: parse(), response: r })),
  })
  requests.push('sent')
  return make(() => value)
}

describe('GatedAPIPromise', () => {
  it('makes the request only after the gate, and resolves with its result', async () => {
    const requests: string[] = []
    let open: () => void = () => {}
    const gate = new Promise<void>((resolve) => (open = resolve))
    const gated = GatedAPIPromise.after(gate, () => fakeApiPromise(requests, 'completion'))
    await Promise.resolve()
    expect(requests).toEqual([])
    open()
    expect(await gated).toBe('completion')
    expect(requests).toEqual(['sent'])
  })

  it('never makes the request when the gate rejects; every reader sees the error', async () => {
    const requests: string[] = []
    const gated = GatedAPIPromise.after(Promise.reject(new Error('over budget')), () =>
      fakeApiPromise(requests, 'x'),
    )
    await expect(gated).rejects.toThrow('over budget')
    await expect(gated.withResponse()).rejects.toThrow('over budget')
    await expect(gated._thenUnwrap((v) => v)).rejects.toThrow('over budget')
    expect(requests).toEqual([])
  })

  it('supports what the SDK helpers chain on: _thenUnwrap, withResponse, asResponse (one request)', async () => {
    const requests: string[] = []
    const gated = GatedAPIPromise.after(Promise.resolve(), () => fakeApiPromise(requests, 2))
    const parsed = gated._thenUnwrap((n) => n * 10)
    expect(parsed).toBeInstanceOf(GatedAPIPromise)
    expect(await parsed).toBe(20)
    expect(await gated.withResponse()).toEqual({ data: 2, response: { status: 200 } })
    expect(await gated.asResponse()).toEqual({ status: 200 })
    expect(await gated.then((n) => n + 1)).toBe(3)
    expect(requests).toEqual(['sent'])
  })

  it('is a Promise whose derived promises are plain ones', async () => {
    const gated = GatedAPIPromise.after(Promise.resolve(), () => Promise.resolve('v'))
    expect(gated).toBeInstanceOf(Promise)
    const derived = gated.finally(() => {})
    expect(derived).not.toBeInstanceOf(GatedAPIPromise)
    expect(await derived).toBe('v')
    expect(await gated.withResponse()).toEqual({ data: 'v' })
  })
})
