// A tiny ESM app outside the workspace: logs one OpenAI call through the installed SDK.
import { Tokenledger } from '@tokenledger/sdk'
import { wrapOpenAI } from '@tokenledger/sdk/openai'
import OpenAI from 'openai'

const env = process.env
const tokenledger = new Tokenledger({ url: env.TOKENLEDGER_URL, apiKey: env.TOKENLEDGER_API_KEY })
const openai = wrapOpenAI(new OpenAI({ baseURL: env.OPENAI_BASE_URL, apiKey: 'sk-test' }), tokenledger, {
  category: 'summarization',
  user: { externalId: env.APP_USER_ID }, // the app's own user id, created on first sight
  metadata: { app: 'esm' },
})
const completion = await openai.chat.completions.create({
  model: 'gpt-4o-mini',
  messages: [{ role: 'user', content: 'Summarise: call ana@example.com' }],
})
const flushed = await tokenledger.shutdown()
console.log(
  JSON.stringify({ reply: completion.choices[0].message.content, flushed, stats: tokenledger.stats() }),
)
