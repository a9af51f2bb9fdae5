// Type-checked against the installed tarball (strict, skipLibCheck false): the router's types
// resolve with only the SDK and its dependencies installed, and they are real types, not `any`.
import {
  BudgetConfirmationRequired,
  createClient,
  Tokenledger,
  type TokenledgerClient,
} from '@tokenledger/sdk'
import { type TrackedOpenAI, wrapOpenAI } from '@tokenledger/sdk/openai'
import OpenAI from 'openai'

export async function logMeasuredCall(client: TokenledgerClient): Promise<string | null> {
  const result = await client.usage.log.mutate({
    provider: 'openai',
    model: 'gpt-4o',
    promptTokens: 1234,
    completionTokens: 567,
    category: 'estimate_analysis',
  })
  const status: 'stored' | 'duplicate' | 'rejected' = result.status
  // @ts-expect-error: not a category the api accepts
  await client.usage.log.mutate({ provider: 'openai', model: 'gpt-4o', category: 'not_a_category' })
  // @ts-expect-error: no such procedure
  await client.usage.nothing.mutate({})
  return status === 'stored' ? result.cost : null
}

export async function budgetStatus(
  client: TokenledgerClient,
): Promise<'ok' | 'warning' | 'exceeded' | 'blocked'> {
  return (await client.budgets.check.query({})).status
}

export function wrapped(): TrackedOpenAI<OpenAI> {
  const tokenledger = new Tokenledger({ url: 'http://127.0.0.1:3100', apiKey: 'tl_x', waitUntil: () => {} })
  return wrapOpenAI(new OpenAI({ apiKey: 'sk' }), tokenledger, { category: 'summarization' })
}

export const client = createClient({ url: 'http://127.0.0.1:3100', apiKey: 'tl_x' })
export const isConfirmation = (error: unknown) => error instanceof BudgetConfirmationRequired
