import { configureRedactionFromEnv } from '@tokenledger/api-server'
import { redact as redactText } from '@tokenledger/domain'
import type { Command } from '../command'

export const redact: Command = {
  name: 'redact',
  summary: 'redact text from stdin, print {"text", "summary"} as JSON',
  help: `tokenledger redact < input.txt

  Reads text on stdin, replaces emails, phone numbers, SSNs, card numbers, API keys, AWS keys,
  private keys and IP addresses with [REDACTED:<type>], and prints
  {"text": "<redacted text>", "summary": {"<type>": <count>, …}} as JSON on stdout.
  The same redaction runs on every logged prompt, response and error message.

  Environment:
    TOKENLEDGER_PHONE_REGIONS    regions whose national phone formats are recognized, e.g. US,GB,DE
                                 (default US,GB,DE,FR,IN,CN,BR,IL,AU,CA,JP; +/00 numbers: every country)`,
  async run() {
    configureRedactionFromEnv()
    const chunks: Buffer[] = []
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer)
    const result = redactText(Buffer.concat(chunks).toString('utf8'))
    console.log(JSON.stringify({ text: result.text, summary: result.summary }))
  },
}
