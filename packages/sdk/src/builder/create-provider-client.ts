import { TokenledgerConfigError } from '../errors'
import type { AnthropicClientLike, OpenAIClientLike, ProviderClientOptions } from './provider-clients'

/**
 * Creates the builder's provider client from options. The provider SDK is imported here, on first
 * use, never at load: importing `@tokenledger/sdk` must not load `openai` or `@anthropic-ai/sdk`,
 * which the app may not have installed (they are optional peers).
 */
export async function createOpenAIClient(options: ProviderClientOptions): Promise<OpenAIClientLike> {
  const { default: OpenAI } = await importPeer('openai', () => import('openai'))
  return new OpenAI(options as ConstructorParameters<typeof OpenAI>[0])
}

export async function createAnthropicClient(options: ProviderClientOptions): Promise<AnthropicClientLike> {
  const { default: Anthropic } = await importPeer('@anthropic-ai/sdk', () => import('@anthropic-ai/sdk'))
  return new Anthropic(options as ConstructorParameters<typeof Anthropic>[0])
}

/** Loads an optional peer; a missing one becomes a config error that says how to fix it. */
export async function importPeer<M>(name: string, load: () => Promise<M>): Promise<M> {
  try {
    return await load()
  } catch (error) {
    throw new TokenledgerConfigError(
      `the builder needs the "${name}" package to create its client: install it (npm install ${name}), or pass a client you created (${(error as Error).message})`,
    )
  }
}

/** Calls `create` once and shares its promise; a failed creation is forgotten, so the next call tries again. */
export function reuseOnceCreated<T>(create: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined
  return () => {
    if (!pending) {
      const attempt = create()
      pending = attempt
      attempt.catch(() => {
        if (pending === attempt) pending = undefined
      })
    }
    return pending
  }
}
