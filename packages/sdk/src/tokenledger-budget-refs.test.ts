import { describe, expect, it } from 'vitest'
import { Tokenledger } from './tokenledger'

/** A fake api as a `fetch`: records each budget procedure's input and answers with `answer`. */
function recordingApi(answer: unknown) {
  const inputs: Array<{ procedure: string; input: unknown }> = []
  const fetchFn = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input instanceof Request ? input.url : input))
    const procedure = url.pathname.split('/').pop() ?? ''
    // Queries carry the batch in the URL, mutations in the body.
    const batch = JSON.parse(init?.body ? String(init.body) : (url.searchParams.get('input') ?? '{}'))
    for (const one of Object.values(batch)) inputs.push({ procedure, input: one })
    return new Response(JSON.stringify(Object.keys(batch).map(() => ({ result: { data: answer } }))), {
      status: 200,
      headers: { 'content-type': 'application/json' },
    })
  }) as typeof fetch
  return { fetch: fetchFn, inputs }
}

const okCheck = { status: 'ok', budgets: [], tripped: [], message: '', requiresConfirmation: false }

describe('the budget procedures name the call’s project', () => {
  it('sends the project by the app’s own id when the attribution has it', async () => {
    const api = recordingApi(okCheck)
    const tokenledger = new Tokenledger({
      url: 'http://api.test',
      apiKey: 'tl_test',
      fetch: api.fetch,
      defaults: { projectId: 9 },
    })
    await tokenledger.queryBudget(
      { user: { externalId: 'usr_1' }, project: { externalId: 'prj_search' } },
      '0.2',
    )
    await tokenledger.requestOverride({ userId: 3, project: { externalId: 'prj_search' } })
    await tokenledger.queryBudget({})
    expect(api.inputs).toEqual([
      {
        procedure: 'budgets.check',
        input: { user: { externalId: 'usr_1' }, project: { externalId: 'prj_search' }, estimatedCost: '0.2' },
      },
      { procedure: 'budgets.requestOverride', input: { userId: 3, project: { externalId: 'prj_search' } } },
      // The defaults' numeric project when the call names none.
      { procedure: 'budgets.check', input: { projectId: 9 } },
    ])
    await tokenledger.shutdown()
  })
})
