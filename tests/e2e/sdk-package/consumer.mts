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
  return (await client.budgets.check.query({ user: { externalId: 'usr_42' } })).status
}

/** The app's own ids, typed from the installed tarball: the builder, the directory, the wrapper. */
export async function ownIds(tokenledger: Tokenledger, openai: TrackedOpenAI<OpenAI>): Promise<number> {
  tokenledger
    .text()
    .forUser({ externalId: 'usr_42', email: 'ana@example.com' })
    .forProject({ externalId: 'prj_7' })
  // @ts-expect-error: an external id is a string, and the ref takes no unknown field
  tokenledger.text().forUser({ externalId: 42, team: 'x' })
  await openai.chat.completions.create(
    { model: 'gpt-4o-mini', messages: [{ role: 'user', content: 'Hi' }] },
    {
      tokenledger: {
        user: { externalId: 'usr_42' },
        document: { externalId: 'doc_1', projectExternalId: 'prj_7' },
      },
    },
  )
  const { created } = await tokenledger.directory.upsertUsers([{ externalId: 'usr_42' }])
  return created
}

export function wrapped(): TrackedOpenAI<OpenAI> {
  const tokenledger = new Tokenledger({ url: 'http://127.0.0.1:3100', apiKey: 'tl_x', waitUntil: () => {} })
  return wrapOpenAI(new OpenAI({ apiKey: 'sk' }), tokenledger, { category: 'summarization' })
}

export const client = createClient({ url: 'http://127.0.0.1:3100', apiKey: 'tl_x' })
export const isConfirmation = (error: unknown) => error instanceof BudgetConfirmationRequired
