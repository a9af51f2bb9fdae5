import { readdirSync, readFileSync } from 'node:fs'
import { describe, expect, it } from 'vitest'

// The SDK ships this package's types and runs its code in browsers and edge runtimes: no database
// client, no Node-only module, nothing from the apps. Only zod, the domain and its own files.
const ALLOWED = /^(zod|@tokenledger\/domain|\.\/[\w-]+)$/

const sources = readdirSync(new URL('./', import.meta.url)).filter(
  (file) => file.endsWith('.ts') && !file.endsWith('.test.ts'),
)

describe('@tokenledger/contract imports', () => {
  it('has sources to check', () => {
    expect(sources).toContain('usage-event-schema.ts')
  })

  it.each(sources)('%s imports only zod, the domain and its own files', (file) => {
    const text = readFileSync(new URL(`./${file}`, import.meta.url), 'utf8')
    const specifiers = [...text.matchAll(/\bfrom\s+'([^']+)'|\bimport\(\s*'([^']+)'\s*\)/g)].map(
      (m) => m[1] ?? m[2],
    )
    expect(specifiers.filter((s) => !ALLOWED.test(s ?? ''))).toEqual([])
  })
})
