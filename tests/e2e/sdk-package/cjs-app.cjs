// A tiny CommonJS app outside the workspace: logs one OpenAI call through the installed SDK, and
// shows that requiring the SDK's main entry loads no provider SDK.
const { Tokenledger } = require('@tokenledger/sdk')

const loaded = (name) => Object.keys(require.cache).some((file) => file.includes(`/node_modules/${name}/`))
const providersLoadedByMainEntry = ['openai', '@anthropic-ai/sdk', 'ai'].filter(loaded)

const { wrapOpenAI } = require('@tokenledger/sdk/openai')
const OpenAI = require('openai')

async function main() {
  const env = process.env
  const tokenledger = new Tokenledger({ url: env.TOKENLEDGER_URL, apiKey: env.TOKENLEDGER_API_KEY })
  const openai = wrapOpenAI(new OpenAI({ baseURL: env.OPENAI_BASE_URL, apiKey: 'sk-test' }), tokenledger, {
    category: 'classification',
    user: { externalId: env.APP_USER_ID }, // the app's own user id, created on first sight
    metadata: { app: 'cjs' },
  })
  const completion = await openai.chat.completions.create({
    model: 'gpt-4o-mini',
    messages: [{ role: 'user', content: 'Classify this.' }],
  })
  const flushed = await tokenledger.shutdown()
  console.log(
    JSON.stringify({
      reply: completion.choices[0].message.content,
      flushed,
      stats: tokenledger.stats(),
      providersLoadedByMainEntry,
    }),
  )
}
main().catch((error) => {
  console.error(error)
  process.exit(1)
})
