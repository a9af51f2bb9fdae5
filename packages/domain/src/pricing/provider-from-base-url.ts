/**
 * Providers the price catalog (`@pydantic/genai-prices`) recognises by API base URL: its provider
 * id and its own `api_pattern`, in the catalog's order (the first match wins, as in the catalog).
 * A copy rather than a lookup in the catalog so that the SDK, which bundles this module, does not
 * carry the whole price data; a test fails when the catalog's patterns and this copy differ.
 */
export const BASE_URL_PROVIDERS: ReadonlyArray<readonly [id: string, apiPattern: string]> = [
  ['anthropic', 'https://api\\.anthropic\\.com'],
  ['arcee', 'https://api\\.arcee\\.ai(?:/|$)'],
  ['avian', 'https://api\\.avian\\.io'],
  ['aws', 'https://bedrock-runtime\\.[a-z0-9-]+\\.amazonaws\\.com(/|$)'],
  [
    'azure',
    '(https?://)?([^.]*\\.)?(?:openai\\.azure\\.com|azure-api\\.net|cognitiveservices\\.azure\\.com|services\\.ai\\.azure\\.com)',
  ],
  ['baseten', 'https://inference\\.baseten\\.co(?:/|$)'],
  ['cerebras', 'https://api\\.cerebras\\.ai'],
  ['cloudflare', 'https://api\\.cloudflare\\.com/client/v4/accounts/[^/]+/ai(?:/|$)'],
  ['cohere', 'https://api\\.cohere\\.(?:ai|com)'],
  ['cursor', 'https://api\\.cursor\\.com'],
  ['deepseek', 'https://api\\.deepseek\\.com'],
  ['doubleword', 'https://api\\.doubleword\\.ai'],
  ['fireworks', 'https://api\\.fireworks\\.ai'],
  ['github-copilot', 'https://api\\.githubcopilot\\.com'],
  ['google', 'https://(.*\\.)?googleapis\\.com'],
  ['groq', 'https://api\\.groq\\.com'],
  ['huggingface_cerebras', 'https://router\\.huggingface\\.co/cerebras'],
  ['huggingface_fireworks-ai', 'https://router\\.huggingface\\.co/fireworks-ai'],
  ['huggingface_groq', 'https://router\\.huggingface\\.co/groq'],
  ['huggingface_hyperbolic', 'https://router\\.huggingface\\.co/hyperbolic'],
  ['huggingface_nebius', 'https://router\\.huggingface\\.co/nebius'],
  ['huggingface_novita', 'https://router\\.huggingface\\.co/novita'],
  ['huggingface_nscale', 'https://router\\.huggingface\\.co/nscale'],
  ['huggingface_ovhcloud', 'https://router\\.huggingface\\.co/ovhcloud'],
  ['huggingface_publicai', 'https://router\\.huggingface\\.co/publicai'],
  ['huggingface_sambanova', 'https://router\\.huggingface\\.co/sambanova'],
  ['huggingface_together', 'https://router\\.huggingface\\.co/together'],
  ['minimax', 'https://api\\.minimax(i)?\\.(?:com|io)'],
  ['mistral', 'https://api\\.mistral\\.ai'],
  ['modal', 'https://[^/]+\\.modal\\.(?:run|direct)(?:/|$)'],
  ['moonshotai', 'https://api\\.moonshot\\.'],
  ['novita', 'https://api\\.novita\\.ai'],
  ['openai', 'https://api\\.openai\\.com'],
  ['openrouter', 'https://(api\\.)?openrouter\\.ai'],
  ['ovhcloud', 'https://oai\\.endpoints\\.kepler\\.ai\\.cloud\\.ovh\\.net'],
  ['perplexity', 'https://api\\.perplexity\\.ai'],
  ['quicksilverpro', 'https://api\\.quicksilverpro\\.io'],
  ['together', 'https://api\\.together\\.xyz'],
  ['typesafe', 'https://api\\.typesafe\\.ai'],
  ['voyageai', 'https://api\\.voyageai\\.com'],
  ['x-ai', 'https://api\\.x\\.ai'],
  ['zai', 'https://api\\.z\\.ai'],
  ['zhipuai', 'https://open\\.bigmodel\\.cn'],
]

// Anchored at the start, as the catalog matches (`^(?:pattern)`).
const MATCHERS = BASE_URL_PROVIDERS.map(([id, pattern]) => [id, new RegExp(`^(?:${pattern})`)] as const)

/**
 * The catalog provider an API base URL belongs to, e.g. `https://api.groq.com/openai/v1` → `groq`,
 * so an OpenAI client pointed at another OpenAI-compatible service is priced with that service's
 * prices. Null for a URL no catalog provider claims (a local server, a proxy) and for text that is
 * not an absolute http(s) URL. The host is compared lowercased, the path as written. Like the
 * catalog, a pattern matches a prefix (`https://api\.moonshot\.` covers .cn and .ai), so a host
 * that merely starts with a provider's host matches too: this names prices, it proves nothing.
 */
export function providerFromBaseUrl(url: string): string | null {
  let parsed: URL
  try {
    parsed = new URL(url.trim())
  } catch {
    return null
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null
  // URL lowercases the host and drops a default port; credentials and query are not the API's address.
  const normalised = `${parsed.protocol}//${parsed.host}${parsed.pathname}`
  for (const [id, matcher] of MATCHERS) if (matcher.test(normalised)) return id
  return null
}
