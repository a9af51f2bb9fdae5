import Anthropic from '@anthropic-ai/sdk'
import type { ApiServer } from '@tokenledger/api-server'
import type { Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { Tokenledger } from '@tokenledger/sdk'
import { wrapAnthropic } from '@tokenledger/sdk/anthropic'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import type { MockAnthropic } from '@tokenledger/tooling/testing/mock-anthropic'
import type { MockOpenAI } from '@tokenledger/tooling/testing/mock-openai'
import OpenAI from 'openai'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'
import { type SdkSystem, startSdkSystem } from './support/sdk-system'

// The SDK JSON-renders tool-call arguments, tool inputs and tool results into the logged prompt:
// values right after the escapes that rendering produces (`\n`, `\t`, `\"`) must be redacted too.
let db: Db
let api: ApiServer
let tenant: Tenant
let openaiMock: MockOpenAI
let anthropicMock: MockAnthropic

let system: SdkSystem

beforeAll(async () => {
  system = await startSdkSystem()
  ;({ db, api, openaiMock, anthropicMock } = system)
  tenant = await createTenant(db, 'ToolCalls')
})
afterAll(() => system.close())

const CARD = '4111111111111111'
const SSN = '287-65-4321'
const EMAIL = 'jane.doe@example.com'
const notes = `Customer card:\n${CARD}\tSSN:\t${SSN}\n"mail": ${EMAIL}`

function ledger() {
  return new Tokenledger({
    url: api.url,
    apiKey: tenant.apiKey,
    batch: { initialDelayMs: 20, maxDelayMs: 200, flushIntervalMs: 50, flushTimeoutMs: 15_000 },
  })
}

async function storedPrompt(
  purposeDetail: string,
): Promise<{ prompt_content: string; redaction_summary: object }> {
  const row = await db('ai_usage_logs')
    .where({ organization_id: tenant.organizationId, purpose_detail: purposeDetail })
    .first('prompt_content', 'redaction_summary')
  expect(row, purposeDetail).toBeDefined()
  return row
}

function expectRedacted(prompt: string) {
  for (const value of [CARD, SSN, EMAIL]) expect(prompt).not.toContain(value)
  expect(prompt).toContain('[REDACTED:credit_card]')
  expect(prompt).toContain('[REDACTED:ssn]')
  expect(prompt).toContain('[REDACTED:email]')
}

describe('tool calls rendered by the SDK', () => {
  it('redacts values inside OpenAI tool-call arguments', async () => {
    const tokenledger = ledger()
    const openai = wrapOpenAI(
      new OpenAI({ baseURL: `${openaiMock.url}/v1`, apiKey: 'sk-test', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'tool-openai' },
    )
    await openai.chat.completions.create({
      model: 'gpt-4o-mini',
      messages: [
        { role: 'user', content: 'Save the customer.' },
        {
          role: 'assistant',
          content: null,
          tool_calls: [
            { id: 'c1', type: 'function', function: { name: 'save', arguments: JSON.stringify({ notes }) } },
          ],
        },
        { role: 'tool', tool_call_id: 'c1', content: JSON.stringify({ saved: notes }) },
      ],
    })
    await tokenledger.shutdown()
    expectRedacted((await storedPrompt('tool-openai')).prompt_content)
  })

  it('redacts values inside Anthropic tool inputs and tool results', async () => {
    const tokenledger = ledger()
    const anthropic = wrapAnthropic(
      new Anthropic({ baseURL: anthropicMock.url, apiKey: 'k', maxRetries: 0 }),
      tokenledger,
      { purposeDetail: 'tool-anthropic' },
    )
    await anthropic.messages.create({
      model: 'claude-sonnet-4-20250514',
      max_tokens: 100,
      messages: [
        { role: 'user', content: 'Save the customer.' },
        { role: 'assistant', content: [{ type: 'tool_use', id: 't1', name: 'save', input: { notes } }] },
        {
          role: 'user',
          content: [{ type: 'tool_result', tool_use_id: 't1', content: JSON.stringify({ saved: notes }) }],
        },
      ],
    })
    await tokenledger.shutdown()
    expectRedacted((await storedPrompt('tool-anthropic')).prompt_content)
  })
})
