// Focused: storeUsageEvents in-process, per-query timing, against a raw INSERT of the same rows.
import { buildLogRow, createDb, storeUsageEvents, redactInThisThread } from '@tokenledger/db'
import { createTenant, createTestDatabase } from '@tokenledger/db/testing'
import pg from 'pg'
const PROSE = [
  'Summarize the following support thread for the account review and list the open questions. ',
  'The customer says the invoice for March was charged twice and asks for a refund to the same card. ',
  'Keep the answer under 120 words, in a friendly tone, and do not repeat personal details. ',
  'Previous agent notes: escalated to billing on 2024-03-15 10:30, ticket 48213, priority high. ',
]
const PII = [
  'Reach me at jordan.lee{n}@example.com or +1 415 555 01{nn}. ',
  'My card is 4111 1111 1111 1111, exp 04/27. ',
  'Backup contact: priya.k{n}@mail.example.org, phone (212) 555-01{nn}. ',
  'Server 203.0.113.{nn} logged the request. ',
]
const REPLY = [
  'Thanks for reaching out. I can see two charges on the card ending 1111 for the March invoice. ',
  'I have asked billing to refund the duplicate; you will get a confirmation at jordan.lee{n}@example.com. ',
  'If you prefer a call, we will ring +1 415 555 01{nn} between 9 and 5. ',
  'Card 5500 0000 0000 0004 on file was not charged. Reference 48213. ',
]
function fill(parts: readonly string[], piiParts: readonly string[], n: number, size: number): string {
  let out = ''; let i = 0
  const sub = (s: string) => s.replaceAll('{nn}', String(n % 100).padStart(2, '0')).replaceAll('{n}', String(n))
  while (out.length < size) { out += sub(parts[i % parts.length] as string); out += sub(piiParts[i % piiParts.length] as string); i++ }
  return out.slice(0, size)
}
const test = await createTestDatabase()
const db = createDb(test.url)
const client = new pg.Client({ connectionString: test.url }); await client.connect()
const t = await createTenant(db, 'Focus')
const events = Array.from({ length: 1000 }, (_, n) => ({
  provider: 'openai', model: 'gpt-4o-mini', promptTokens: 260 + (n % 50), completionTokens: 240 + (n % 40),
  cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0, durationMs: 800 + n, success: true,
  category: 'summarization', purposeDetail: 'Support thread summary', userId: t.userId, projectId: t.projectId, documentId: t.documentId,
  prompt: fill(PROSE, PII, n, 1024), response: fill(REPLY, PII.slice(1), n, 1024), metadata: { bench: 'ingest' },
})) as any[]
const queries = new Map<string, { sql: string; start: number }>()
let log: Array<{ sql: string; ms: number }> = []
db.on('query', (q: any) => queries.set(q.__knexQueryUid, { sql: q.sql, start: performance.now() }))
db.on('query-response', (_r: any, q: any) => { const s = queries.get(q.__knexQueryUid); if (s) log.push({ sql: s.sql.replace(/\s+/g, ' ').slice(0, 70), ms: performance.now() - s.start }) })
let pass = 0
const SIZE = Number(process.argv[2] ?? 1000)
const N = 5
const identity = { organizationId: t.organizationId, apiKeyId: t.apiKeyId }
const attribution = { ...identity, userId: t.userId, projectId: t.projectId, documentId: t.documentId }
const rows0 = events.map((event) => buildLogRow({ event, attribution, customPrices: [], now: new Date() }))
const columns = Object.keys(rows0[0]!)
const insertSql = `insert into ai_usage_logs (${columns.join(',')}) values ${Array.from({ length: SIZE }, (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`).join(',')}`
const agg = new Map<string, { n: number; ms: number }>()
let apiMs = 0, rawMs = 0
for (let r = 0; r < N + 1; r++) {
  const p = pass++
  const batch = events.slice(0, SIZE).map((e, i) => ({ ...e, idempotencyKey: `k${p}-${i}` }))
  log = []
  const s = performance.now()
  const res = await storeUsageEvents(db, identity, batch, new Date(), { redactTexts: redactInThisThread })
  const ms = performance.now() - s
  if (res.filter((x) => x.status === 'stored').length !== SIZE) throw new Error('not stored')
  const params = rows0.slice(0, SIZE).flatMap((row: any, i) => columns.map((c) => c === 'idempotency_key' ? `raw${p}-${i}` : row[c]))
  const s2 = performance.now(); await client.query(insertSql, params); const ms2 = performance.now() - s2
  if (r === 0) continue
  apiMs += ms; rawMs += ms2
  for (const q of log) { const a = agg.get(q.sql) ?? { n: 0, ms: 0 }; a.n++; a.ms += q.ms; agg.set(q.sql, a) }
}
console.log(`size ${SIZE}: storeUsageEvents ${(apiMs / N).toFixed(1)} ms/batch, raw insert ${(rawMs / N).toFixed(1)} ms/batch, ratio ${(rawMs / apiMs * 100).toFixed(0)} %`)
let dbMs = 0
for (const [sql, a] of agg) { dbMs += a.ms; console.log(`  ${(a.ms / N).toFixed(1).padStart(7)} ms  x${a.n / N}  ${sql}`) }
console.log(`  db total ${(dbMs / N).toFixed(1)} ms/batch`)
await client.end(); await db.destroy(); await test.drop()
