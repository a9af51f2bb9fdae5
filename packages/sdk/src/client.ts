import type { AppRouter } from '@tokenledger/api'
import { createTRPCClient, httpBatchLink, type TRPCClient } from '@trpc/client'

export interface ClientOptions {
  /** The api's base URL, e.g. http://127.0.0.1:3100 (tRPC is served under /trpc). */
  url: string
  /** An organization API key (`tl_…`), created with `tokenledger keys:create --org <slug>`. */
  apiKey: string
  fetch?: typeof fetch
}

export type TokenledgerClient = TRPCClient<AppRouter>

/** The typed tRPC client: every procedure of the api with its input and output types. */
export function createClient(options: ClientOptions): TokenledgerClient {
  return createTRPCClient<AppRouter>({
    links: [
      httpBatchLink({
        url: `${options.url.replace(/\/+$/, '')}/trpc`,
        headers: { authorization: `Bearer ${options.apiKey}` },
        ...(options.fetch ? { fetch: options.fetch } : {}),
      }),
    ],
  })
}
