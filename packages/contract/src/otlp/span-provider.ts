import { type Attributes, stringAttribute } from './attribute-values'

/**
 * GenAI semconv provider names (`gen_ai.provider.name`, formerly `gen_ai.system`) that differ from
 * the names the SDK and the gateway log, so one provider shows up under one name in the admin.
 * Others are kept as sent (lowercased); the price catalog knows the semconv names either way.
 */
const SEMCONV_PROVIDERS: Record<string, string> = {
  'gcp.gen_ai': 'google',
  'gcp.vertex_ai': 'google',
  'gcp.gemini': 'google',
  vertex_ai: 'google',
  gemini: 'google',
  'aws.bedrock': 'bedrock',
  'azure.ai.openai': 'azure',
  'az.ai.openai': 'azure',
  'azure.ai.inference': 'azure',
  'az.ai.inference': 'azure',
  mistral_ai: 'mistral',
}

/**
 * The provider that served the call. The Vercel AI SDK names a provider and its API
 * (`openai.chat`, `anthropic.messages`, `google.vertex.chat`) in `ai.model.provider` and in
 * `gen_ai.system`: the part before the first dot is the provider.
 */
export function spanProvider(attributes: Attributes): string | undefined {
  const aiSdk = stringAttribute(attributes, 'ai.model.provider')
  if (aiSdk) return aiSdk.split('.')[0]?.toLowerCase()
  const name = stringAttribute(
    attributes,
    'gen_ai.provider.name',
    'gen_ai.system',
    'llm.provider',
    'llm.system',
  )
  if (!name) return undefined
  const lower = name.toLowerCase()
  return SEMCONV_PROVIDERS[lower] ?? lower
}
