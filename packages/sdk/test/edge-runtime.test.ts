import { readdirSync, readFileSync } from 'node:fs'
import { builtinModules } from 'node:module'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { Tokenledger } from '../src'
import { fakeApiFetch } from './support/fake-api'

const srcDir = fileURLToPath(new URL('../src', import.meta.url))

/** Every module an edge runtime would load: the SDK's sources without their tests. */
function runtimeSources(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name)
    if (entry.isDirectory()) return runtimeSources(path)
    return entry.name.endsWith('.ts') && !entry.name.endsWith('.test.ts') ? [path] : []
  })
}

const nodeBuiltin = (specifier: string) =>
  specifier.startsWith('node:') || builtinModules.includes(specifier.split('/')[0] as string)

afterEach(() => vi.restoreAllMocks())

describe('edge runtimes', () => {
  it('no runtime module of the SDK imports a Node built-in', () => {
    const offenders = runtimeSources(srcDir).flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/(?:from|import)\s*\(?\s*['"]([^'"]+)['"]/g)]
        .map((m) => m[1] as string)
        .filter(nodeBuiltin)
        .map((specifier) => `${file.slice(srcDir.length + 1)}: ${specifier}`),
    )
    expect(offenders).toEqual([])
  })

  it('log() takes its idempotency key from Web Crypto', async () => {
    const uuid = '00000000-0000-4000-8000-000000000042'
    const randomUUID = vi.spyOn(globalThis.crypto, 'randomUUID').mockReturnValue(uuid)
    const api = fakeApiFetch()
    const tokenledger = new Tokenledger({ url: 'http://api.test', apiKey: 'tl_x', fetch: api.fetch })
    tokenledger.log({ provider: 'openai', model: 'gpt-4o', promptTokens: 1 })
    expect(await tokenledger.shutdown()).toEqual({ flushed: true, remaining: 0 })
    expect(randomUUID).toHaveBeenCalledOnce()
    expect(api.events.map((e) => e.idempotencyKey)).toEqual([uuid])
  })
})
