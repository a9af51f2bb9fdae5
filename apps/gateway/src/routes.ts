import { anthropicMessages } from './endpoints/anthropic'
import type { Endpoint } from './endpoints/endpoint'
import { openAIChat, openAIEmbeddings, openAIResponses } from './endpoints/openai'

export interface Route {
  endpoint: Endpoint
  /** The path after the provider's base URL, query string included (e.g. `/chat/completions`). */
  upstreamPath: string
}

const ROUTES: Record<string, Endpoint> = {
  '/openai/v1/chat/completions': openAIChat,
  '/openai/v1/responses': openAIResponses,
  '/openai/v1/embeddings': openAIEmbeddings,
  '/anthropic/v1/messages': anthropicMessages,
}

export const ROUTE_PATHS = Object.keys(ROUTES)

/** The endpoint a `POST` to this URL is for, or undefined. */
export function matchRoute(url: string): Route | undefined {
  const query = url.indexOf('?')
  const path = (query < 0 ? url : url.slice(0, query)).replace(/\/+$/, '')
  const endpoint = ROUTES[path]
  if (!endpoint) return undefined
  const prefix = endpoint.provider === 'openai' ? '/openai/v1' : '/anthropic/v1'
  return { endpoint, upstreamPath: path.slice(prefix.length) + (query < 0 ? '' : url.slice(query)) }
}
