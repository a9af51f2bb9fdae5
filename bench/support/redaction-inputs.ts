// The inputs of the redaction benchmarks: prompt-like prose with PII mixed in at a chosen density.
export const PROSE = [
  'Summarize the following meeting notes for the quarterly planning review. ',
  'The team agreed to ship version 2.4.1 after the load test on 2024-03-15 at 10:30. ',
  'function total(items) { return items.reduce((sum, i) => sum + i.price * i.qty, 0) }\n',
  '{"model": "gpt-4o", "max_tokens": 1024, "temperature": 0.2, "stream": false}\n',
  'Revenue grew 12.5% to $4.2M; order 1Z999AA10123456784 shipped from the Oakland warehouse. ',
  'Explain the difference between TCP and UDP in two sentences, then list three use cases. ',
  'Error: upstream timed out after 30000 ms (retry 3 of 5) while calling /v1/chat/completions. ',
  'See section 4.2 of the design doc and the commit 9a038989604e8da62ecddbe2094b16ce1b778be1. ',
]

export const PII = [
  'Contact dana.r@example.com or +1 415 555 0147. ',
  'Card 4111 1111 1111 1111, SSN 287-65-4312. ',
  'Server 203.0.113.42 and 2001:db8:85a3::8a2e:370:7334 rejected it. ',
  'OPENAI_API_KEY=sk-proj-SevzWEV_NmNnMndQ5gn6PjFcX_9ay5SEKse8AL0EuYAB0cIgFW7Equ3vCbUbYShvii6L3rBw3WT3BlbkFJ\n',
  'aws_access_key_id = AKIAVDUOY4BH5TM4MRGK\naws_secret_access_key = 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\n',
  'token: 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 ',
]

/** Prose with one PII snippet every `every` prose sentences (0 = none). */
export function makeText(size: number, every: number): string {
  let out = ''
  let n = 0
  while (out.length < size) {
    out += PROSE[n % PROSE.length]
    if (every > 0 && n % every === every - 1) out += PII[((n / every) % PII.length) | 0]
    n++
  }
  return out.slice(0, size)
}
