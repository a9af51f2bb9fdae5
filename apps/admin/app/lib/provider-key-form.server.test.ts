import { describe, expect, it } from 'vitest'
import { readProviderKeyForm } from './provider-key-form.server'

const form = (fields: Record<string, string>) => {
  const data = new FormData()
  for (const [name, value] of Object.entries(fields)) data.set(name, value)
  return data
}

describe('readProviderKeyForm', () => {
  it('reads a save and a delete', () => {
    expect(
      readProviderKeyForm(form({ intent: 'save', organizationId: '3', provider: 'openai', key: 'sk-x' })),
    ).toEqual({ ok: true, request: { intent: 'save', organizationId: 3, provider: 'openai', key: 'sk-x' } })
    expect(
      readProviderKeyForm(form({ intent: 'delete', organizationId: '3', provider: 'anthropic' })),
    ).toEqual({
      ok: true,
      request: { intent: 'delete', organizationId: 3, provider: 'anthropic' },
    })
  })

  it('refuses what it cannot use, without repeating the key', () => {
    const base = { intent: 'save', organizationId: '3', provider: 'openai' }
    expect(readProviderKeyForm(form({ ...base, key: '  ' }))).toEqual({
      ok: false,
      error: 'Paste the key first.',
    })
    expect(readProviderKeyForm(form({ ...base, provider: 'gemini', key: 'sk-secret' }))).toEqual({
      ok: false,
      error: 'Choose OpenAI or Anthropic.',
    })
    expect(readProviderKeyForm(form({ ...base, organizationId: 'x', key: 'sk-secret' }))).toEqual({
      ok: false,
      error: 'No such organization.',
    })
    expect(readProviderKeyForm(form({ ...base, intent: 'show', key: 'sk-secret' }))).toEqual({
      ok: false,
      error: 'Unknown action.',
    })
  })
})
