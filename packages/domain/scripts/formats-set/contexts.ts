// The places values turn up in prompts and responses: chat text, SDK request bodies and tool calls
// (as JSON.stringify writes them), CSV, logs, config files, source code, markdown, signatures.
import type { Line, Text, Val } from './line'
import { ALNUM, DIGITS, LOWER, type Rng } from './random'

type Put = Line['put']

export const CONTEXTS = [
  'chat',
  'openai-tool-call',
  'anthropic-tool-use',
  'request-body',
  'csv',
  'log',
  'yaml',
  'env',
  'toml',
  'python',
  'typescript',
  'go',
  'java',
  'ruby',
  'shell',
  'markdown',
] as const
export type Context = (typeof CONTEXTS)[number]

const MODELS = ['gpt-4o-mini', 'gpt-4.1', 'claude-sonnet-4-5', 'claude-haiku-4-5', 'o4-mini']
const TOOLS = ['update_contact', 'create_ticket', 'lookup_customer', 'save_profile', 'send_invoice']

const camel = (field: string) => field.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase())
const time = (r: Rng) =>
  `${String(r.int(0, 23)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}:${String(r.int(0, 59)).padStart(2, '0')}`
export const logTime = (r: Rng) =>
  `2026-${String(r.int(1, 11)).padStart(2, '0')}-${String(r.int(10, 28))}T${time(r)}.${r.chars(DIGITS, 3)}Z`

/**
 * One line holding `value` under `field` in the given context; `sentence` is how a person would
 * write it in a chat (the value among the pieces).
 */
export function inContext(
  r: Rng,
  put: Put,
  context: Context,
  field: string,
  value: Val,
  sentence: Text,
): string {
  const other = r.pick(['Berlin office', 'renewal in March', 'VIP', 'priority: high', 'migrated from v1'])
  switch (context) {
    case 'chat':
      return put(sentence)
    case 'openai-tool-call': {
      // The OpenAI SDK hands tool arguments over as a JSON string inside the JSON message.
      const args = JSON.stringify({
        customer_id: `cus_${r.chars(ALNUM, 14)}`,
        [field]: put(value, 'json2'),
        note: other,
      })
      return JSON.stringify({
        role: 'assistant',
        content: null,
        tool_calls: [
          {
            id: `call_${r.chars(ALNUM, 24)}`,
            type: 'function',
            function: { name: r.pick(TOOLS), arguments: args },
          },
        ],
      })
    }
    case 'anthropic-tool-use':
      return JSON.stringify({
        type: 'tool_use',
        id: `toolu_01${r.chars(ALNUM, 22)}`,
        name: r.pick(TOOLS),
        input: { [field]: put(value, 'json'), reason: other },
      })
    case 'request-body':
      return JSON.stringify({
        model: r.pick(MODELS),
        max_tokens: r.pick([256, 1024, 4096]),
        messages: [
          { role: 'system', content: 'You are a helpful support assistant.\nAnswer briefly.' },
          { role: 'user', content: put(sentence, 'json') },
        ],
      })
    case 'csv':
      return `id,name,${field},created_at\n${r.int(1, 9999)},"${r.pick(['Doe, Jane', 'Chen Wei', 'Omar Haddad'])}",${put(value)},2026-0${r.int(1, 9)}-1${r.int(0, 9)}`
    case 'log':
      return `${logTime(r)} INFO  [req-${r.chars(LOWER + DIGITS, 8)}] contact.updated ${field}=${put(value)} took=${r.int(2, 900)}ms`
    case 'yaml':
      return `customer:\n  id: ${r.int(1000, 99999)}\n  ${field}: "${put(value)}"\n  tags: [${other}]\n`
    case 'env':
      return `# local overrides\n${field.toUpperCase()}=${put(value)}\nLOG_LEVEL=debug`
    case 'toml':
      return `[contact]\nname = "ops"\n${field} = "${put(value)}"\nretries = 3`
    case 'python':
      return `def test_notify():\n    ${field} = "${put(value)}"\n    assert notify(${field}) is True`
    case 'typescript':
      return `const ${camel(field)} = '${put(value)}'\nawait client.contacts.update({ ${camel(field)} })`
    case 'go':
      return `cfg := Config{\n\t${camel(field).replace(/^./, (c) => c.toUpperCase())}: "${put(value)}",\n}`
    case 'java':
      return `String ${camel(field)} = "${put(value)}";\nservice.register(${camel(field)});`
    case 'ruby':
      return `user.update!(${field}: '${put(value)}')`
    case 'shell':
      return `$ curl -s https://api.example.com/v1/contacts -d ${field}='${put(value)}'`
    case 'markdown':
      return `| name | ${field} |\n| --- | --- |\n| ${r.pick(['Jane Doe', 'Priya Patel'])} | ${put(value)} |`
  }
}
