import { findProvider } from '@pydantic/genai-prices'
import { describe, expect, it } from 'vitest'
import { catalogPrices } from './catalog'
import { BASE_URL_PROVIDERS, providerFromBaseUrl } from './provider-from-base-url'

/** The bundled genai-prices data's pattern for each provider of our copy. */
function catalogPatterns(): Array<[string, string]> {
  const patterns: Array<[string, string]> = []
  for (const [id] of BASE_URL_PROVIDERS) {
    const provider = findProvider({ providerId: id })
    if (provider?.api_pattern) patterns.push([provider.id, provider.api_pattern])
  }
  return patterns
}

describe('providerFromBaseUrl', () => {
  it("keeps the catalog's own patterns for every provider it lists", () => {
    expect(catalogPatterns()).toEqual(BASE_URL_PROVIDERS.map(([id, pattern]) => [id, pattern]))
  })

  it.each([
    ['https://api.groq.com/openai/v1', 'groq'],
    ['https://api.together.xyz/v1', 'together'],
    ['https://api.deepseek.com', 'deepseek'],
    ['https://api.deepseek.com/v1', 'deepseek'],
    ['https://api.fireworks.ai/inference/v1', 'fireworks'],
    ['https://openrouter.ai/api/v1', 'openrouter'],
    ['https://api.x.ai/v1', 'x-ai'],
    ['https://api.mistral.ai/v1', 'mistral'],
    ['https://generativelanguage.googleapis.com/v1beta/openai/', 'google'],
    ['https://my-resource.openai.azure.com/openai/deployments/gpt-4o', 'azure'],
    ['https://router.huggingface.co/together/v1', 'huggingface_together'],
    ['https://api.openai.com/v1', 'openai'],
    // Hosts are case-insensitive; a default port, credentials and a query change nothing.
    ['HTTPS://API.GROQ.COM:443/openai/v1?x=1', 'groq'],
    ['  https://api.together.xyz/v1  ', 'together'],
  ])('%s is %s', (url, provider) => {
    expect(providerFromBaseUrl(url)).toBe(provider)
  })

  it('agrees with the catalog on each pattern it copies', () => {
    const urls = [
      'https://api.groq.com/openai/v1',
      'https://api.cerebras.ai/v1',
      'https://api.perplexity.ai',
      'https://api.moonshot.cn/v1',
      'https://api.novita.ai/v3/openai',
      'https://open.bigmodel.cn/api/paas/v4',
      'https://api.minimaxi.com/v1',
    ]
    for (const url of urls) expect(providerFromBaseUrl(url)).toBe(findProvider({ providerApiUrl: url })?.id)
  })

  it.each([
    'http://localhost:11434/v1', // Ollama, vLLM and other local servers
    'https://llm-proxy.internal.example.com/v1', // a company proxy
    'https://evil.example.com/https://api.groq.com', // a provider's address later in the path
    'api.groq.com/openai/v1', // not an absolute URL
    'ftp://api.groq.com',
    '',
  ])('%s names no provider', (url) => {
    expect(providerFromBaseUrl(url)).toBeNull()
  })

  it("prices a call with the matched provider's prices, not OpenAI's", () => {
    const provider = providerFromBaseUrl('https://api.groq.com/openai/v1')
    expect(catalogPrices(provider as string, 'llama-3.3-70b-versatile', 1000)?.ref).toMatch(/^groq:/)
    expect(catalogPrices('openai', 'llama-3.3-70b-versatile', 1000)).toBeNull()
  })
})
