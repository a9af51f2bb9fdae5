// Ingest throughput: usage.logBatch over HTTP (the real api in its own process, real PostgreSQL) with
// ~1 KB prompts and ~1 KB responses full of PII, against two floors from this process on the same
// database: a raw multi-row INSERT and a COPY … FROM STDIN of the same rows, already redacted and
// priced (built once with buildLogRow, the api's own row builder). Batches of 100 and 1,000.
// Then the whole api's throughput: --streams concurrent clients sending batches of 1,000.
// Run from the repo root:
//   node --import tsx bench/ingest.ts [--quick] [--rounds N] [--events N] [--streams N] [--profile DIR] [--json]
// --json: one JSON object of the figures as the last line of stdout. --profile DIR: the api process's
// V8 CPU profiles (node --cpu-prof) are written to DIR. Uses DATABASE_URL when set (it creates, then
// deletes, its own organization), otherwise a throwaway database dropped at the end.
import { randomBytes } from 'node:crypto'
import { pipeline } from 'node:stream/promises'
import { parseArgs } from 'node:util'
import { buildLogRow, createDb, type LogRow } from '@tokenledger/db'
import { createTenant } from '@tokenledger/db/testing'
import type { UsageEvent } from '@tokenledger/domain'
import pg from 'pg'
import { from as copyFrom } from 'pg-copy-streams'
import { startApiProcess } from './support/api'
import { openBenchDatabase, removeTenant } from './support/database'
import { keepAliveAgent, request } from './support/http'
import { fmt, median, printTable } from './support/stats'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    rounds: { type: 'string' },
    events: { type: 'string' },
    streams: { type: 'string' },
    profile: { type: 'string' },
    json: { type: 'boolean', default: false },
  },
})
const ROUNDS = Number(values.rounds ?? (values.quick ? 2 : 5))
const EVENTS = Number(values.events ?? (values.quick ? 1_000 : 5_000))
const STREAMS = Number(values.streams ?? 4)
const BATCH_SIZES = [100, 1_000]
for (const [name, n] of [
  ['--rounds', ROUNDS],
  ['--events', EVENTS],
  ['--streams', STREAMS],
] as const)
  if (!Number.isInteger(n) || n < 1) throw new Error(`${name} must be a positive whole number`)
if (EVENTS % 1_000) throw new Error('--events must be a multiple of 1,000 (the largest batch)')

const log = (line: string) => console.error(line)

// Prompt-like prose and the PII sprinkled through it: every event carries emails, phone numbers, a
// card number, an IBAN-free mix the redactor must find.
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
  let out = ''
  let i = 0
  const sub = (s: string) =>
    s.replaceAll('{nn}', String(n % 100).padStart(2, '0')).replaceAll('{n}', String(n))
  while (out.length < size) {
    out += sub(parts[i % parts.length] as string)
    out += sub(piiParts[i % piiParts.length] as string)
    i++
  }
  return out.slice(0, size)
}

const database = await openBenchDatabase()
const db = createDb(database.url)
const client = new pg.Client({ connectionString: database.url })
let organizationId: number | undefined
let api: Awaited<ReturnType<typeof startApiProcess>> | undefined
try {
  log(`database: ${database.label}`)
  const tenant = await createTenant(db, 'Bench ingest')
  organizationId = tenant.organizationId
  await client.connect()
  // --profile DIR: the api process (and its redaction workers) write V8 CPU profiles there on exit.
  api = await startApiProcess(
    database.url,
    10,
    values.profile ? ['--cpu-prof', `--cpu-prof-dir=${values.profile}`] : [],
  )
  log(`api: ${api.url} (child process ${api.pid})`)
  const agent = keepAliveAgent(1)

  // The largest batch's events, built once; each pass gives them fresh idempotency keys.
  const templates: UsageEvent[] = Array.from({ length: 1_000 }, (_, n) => ({
    provider: 'openai',
    model: 'gpt-4o-mini',
    promptTokens: 260 + (n % 50),
    completionTokens: 240 + (n % 40),
    cachedTokens: 0,
    cacheWriteTokens: 0,
    reasoningTokens: 0,
    durationMs: 800 + n,
    success: true,
    category: 'summarization',
    purposeDetail: 'Support thread summary',
    userId: tenant.userId,
    projectId: tenant.projectId,
    documentId: tenant.documentId,
    prompt: fill(PROSE, PII, n, 1_024),
    response: fill(REPLY, PII.slice(1), n, 1_024),
    metadata: { bench: 'ingest' },
  }))
  const redactStarted = performance.now()
  const templateRows: LogRow[] = templates.map((event) =>
    buildLogRow({
      event,
      attribution: attributionOf(tenant),
      customPrices: [],
      now: new Date(),
    }),
  )
  const buildMs = performance.now() - redactStarted
  const sample = templateRows[0] as LogRow
  if (!sample.content_redacted) throw new Error('the sample content was not redacted: check the PII snippets')
  const columns = Object.keys(sample) as Array<keyof LogRow>
  const bytes = (templates[0]?.prompt?.length ?? 0) + (templates[0]?.response?.length ?? 0)
  log(
    `events: ${templates[0]?.prompt?.length} + ${templates[0]?.response?.length} characters of content, ` +
      `${Object.values(JSON.parse(sample.redaction_summary) as Record<string, number>).reduce((a, b) => a + b, 0)} findings each; ` +
      `buildLogRow (redact + price) of 1,000 events: ${buildMs.toFixed(0)} ms`,
  )

  const insertSql = new Map<number, string>()
  for (const size of BATCH_SIZES) {
    const tuples = Array.from(
      { length: size },
      (_, r) => `(${columns.map((_, c) => `$${r * columns.length + c + 1}`).join(',')})`,
    )
    insertSql.set(size, `insert into ai_usage_logs (${columns.join(',')}) values ${tuples.join(',')}`)
  }
  const copySql = `copy ai_usage_logs (${columns.join(',')}) from stdin`

  let pass = 0
  const freshKeys = () => {
    const prefix = `${randomBytes(4).toString('hex')}-${pass++}`
    return (i: number) => `${prefix}-${i}`
  }

  type Method = 'api' | 'insert' | 'copy' | 'build'
  /** One pass of EVENTS events in batches of `size`; payloads are built before the clock starts. Returns ms. */
  const runPass = async (method: Method, size: number): Promise<number> => {
    const key = freshKeys()
    const batches = EVENTS / size
    if (method === 'build') {
      // Not a floor: the api's per-event CPU work alone (redact + price), in this process, no I/O.
      const started = performance.now()
      for (let b = 0; b < batches; b++)
        for (const event of templates.slice(0, size))
          buildLogRow({ event, attribution: attributionOf(tenant), customPrices: [], now: new Date() })
      return performance.now() - started
    }
    if (method === 'api') {
      const bodies = Array.from({ length: batches }, (_, b) =>
        JSON.stringify({
          events: templates.slice(0, size).map((e, i) => ({ ...e, idempotencyKey: key(b * size + i) })),
        }),
      )
      const started = performance.now()
      for (const body of bodies) {
        const res = await request(agent, `${api?.url}/trpc/usage.logBatch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.apiKey}` },
          body,
        })
        if (res.status !== 200) throw new Error(`logBatch: HTTP ${res.status}: ${res.body.slice(0, 300)}`)
        const stored = (JSON.parse(res.body) as { result: { data: { stored: number } } }).result.data.stored
        if (stored !== size) throw new Error(`logBatch stored ${stored} of ${size}`)
      }
      return performance.now() - started
    }
    const now = new Date()
    const rowsOf = (b: number) =>
      templateRows
        .slice(0, size)
        .map((row, i) => ({ ...row, idempotency_key: key(b * size + i), created_at: now }))
    if (method === 'insert') {
      const params = Array.from({ length: batches }, (_, b) =>
        rowsOf(b).flatMap((row) => columns.map((c) => row[c])),
      )
      const sql = insertSql.get(size) as string
      const started = performance.now()
      for (const values of params) await client.query(sql, values)
      return performance.now() - started
    }
    const texts = Array.from({ length: batches }, (_, b) =>
      rowsOf(b)
        .map((row) => copyLine(row, columns))
        .join(''),
    )
    const started = performance.now()
    for (const text of texts) {
      const stream = client.query(copyFrom(copySql))
      await pipeline(async function* () {
        yield Buffer.from(text, 'utf8')
      }, stream)
    }
    return performance.now() - started
  }

  // Warm-up: one small pass of each, not counted.
  for (const m of ['api', 'insert', 'copy'] as const) await runPass(m, 100)
  await cleanUp()

  const results = new Map<string, { eps: number[]; ratioInsert: number[]; ratioCopy: number[] }>()
  for (let round = 0; round < ROUNDS; round++) {
    for (const size of BATCH_SIZES) {
      // Rotate the order each round, so none of the three always runs first (or after a cleanup).
      const order: Method[] = (['api', 'insert', 'copy'] as const).map(
        (_, i, all) => all[(i + round) % all.length] as Method,
      )
      const eps: Partial<Record<Method, number>> = {}
      for (const method of [...order, 'build' as const]) {
        const ms = await runPass(method, size)
        eps[method] = EVENTS / (ms / 1000)
        const slot = results.get(`${method}:${size}`) ?? { eps: [], ratioInsert: [], ratioCopy: [] }
        slot.eps.push(eps[method] as number)
        results.set(`${method}:${size}`, slot)
      }
      for (const method of [...order, 'build' as const]) {
        const slot = results.get(`${method}:${size}`)
        slot?.ratioInsert.push((eps[method] as number) / (eps.insert as number))
        slot?.ratioCopy.push((eps[method] as number) / (eps.copy as number))
      }
      const [counted] = await db('ai_usage_logs')
        .where({ organization_id: organizationId })
        .count({ count: '*' })
      const count = counted?.count
      if (Number(count) !== 3 * EVENTS) throw new Error(`expected ${3 * EVENTS} rows, found ${count}`)
      await cleanUp()
      log(
        `round ${round + 1}/${ROUNDS}, batches of ${size}: api ${fmt(eps.api as number)}, insert ${fmt(eps.insert as number)}, copy ${fmt(eps.copy as number)}, buildLogRow alone ${fmt(eps.build as number)} events/s`,
      )
    }
  }

  // The whole api: STREAMS clients at once, each sending EVENTS events in batches of 1,000 (both
  // cores busy: HTTP and JSON, redaction workers, PostgreSQL), after the interleaved rounds.
  const throughputAgent = keepAliveAgent(STREAMS)
  const streamBodies = Array.from({ length: STREAMS }, () => {
    const key = freshKeys()
    return Array.from({ length: EVENTS / 1_000 }, (_, b) =>
      JSON.stringify({ events: templates.map((e, i) => ({ ...e, idempotencyKey: key(b * 1_000 + i) })) }),
    )
  })
  const throughputStarted = performance.now()
  await Promise.all(
    streamBodies.map(async (bodies) => {
      for (const body of bodies) {
        const res = await request(throughputAgent, `${api?.url}/trpc/usage.logBatch`, {
          method: 'POST',
          headers: { authorization: `Bearer ${tenant.apiKey}` },
          body,
        })
        if (res.status !== 200) throw new Error(`logBatch: HTTP ${res.status}: ${res.body.slice(0, 300)}`)
      }
    }),
  )
  const wholeApiEps = (STREAMS * EVENTS) / ((performance.now() - throughputStarted) / 1000)
  const [countedAll] = await db('ai_usage_logs')
    .where({ organization_id: organizationId })
    .count({ count: '*' })
  if (Number(countedAll?.count) !== STREAMS * EVENTS)
    throw new Error(`expected ${STREAMS * EVENTS} rows, found ${countedAll?.count}`)
  await cleanUp()

  console.log('')
  console.log(
    `ingest: ${fmt(EVENTS)} events per method per round, ${ROUNDS} rounds (order rotated), ~${fmt(bytes)} characters of content per event, ` +
      `one sequential stream each; node ${process.version}`,
  )
  console.log('events/s and ratios are medians over the rounds; each ratio is taken within its round')
  console.log('')
  const label: Record<Method, string> = {
    api: 'usage.logBatch over HTTP (validate, redact, price, insert, budgets)',
    insert: 'raw multi-row INSERT of the same redacted rows (pg)',
    copy: 'COPY … FROM STDIN of the same redacted rows (pg-copy-streams)',
    build: '(reference) buildLogRow alone: redact + price, in-process, no I/O',
  }
  const rows: string[][] = []
  for (const size of BATCH_SIZES)
    for (const method of ['insert', 'copy', 'api', 'build'] as const) {
      const slot = results.get(`${method}:${size}`)
      if (!slot) continue
      rows.push([
        `${label[method]}, batches of ${fmt(size)}`,
        fmt(median(slot.eps)),
        `${(median(slot.ratioInsert) * 100).toFixed(0)} %`,
        `${(median(slot.ratioCopy) * 100).toFixed(0)} %`,
      ])
    }
  printTable(['method', 'events/s', '× raw INSERT', '× COPY'], rows)
  for (const size of BATCH_SIZES) {
    const r = median(results.get(`api:${size}`)?.ratioInsert ?? [])
    console.log(
      `batches of ${fmt(size)}: api / raw INSERT = ${(r * 100).toFixed(0)} % (target ≥ 50 %: ${r >= 0.5 ? 'met' : 'NOT met'})`,
    )
  }
  console.log(
    `whole api, ${STREAMS} concurrent streams of batches of 1,000: ${fmt(wholeApiEps)} events/s (compass goal ≥ 10,000: ${wholeApiEps >= 10_000 ? 'met' : 'NOT met'})`,
  )
  if (values.json) {
    const figures = (method: Method, size: number) => {
      const slot = results.get(`${method}:${size}`)
      return {
        eventsPerSecond: Math.round(median(slot?.eps ?? [])),
        ofInsert: Number(median(slot?.ratioInsert ?? []).toFixed(3)),
        ofCopy: Number(median(slot?.ratioCopy ?? []).toFixed(3)),
      }
    }
    console.log(
      JSON.stringify({
        benchmark: 'ingest',
        node: process.version,
        eventsPerMethodPerRound: EVENTS,
        rounds: ROUNDS,
        charactersPerEvent: bytes,
        batches: Object.fromEntries(
          BATCH_SIZES.map((size) => [
            size,
            {
              api: figures('api', size),
              insert: figures('insert', size),
              copy: figures('copy', size),
              buildLogRow: figures('build', size),
              targetMet: figures('api', size).ofInsert >= 0.5,
            },
          ]),
        ),
        wholeApi: { streams: STREAMS, batchSize: 1_000, eventsPerSecond: Math.round(wholeApiEps) },
      }),
    )
  }
} finally {
  await api?.close()
  if (organizationId != null && !database.throwaway) {
    log('cleaning up…')
    await removeTenant(db, organizationId)
  }
  await client.end().catch(() => {})
  await db.destroy()
  await database.drop()
}

function attributionOf(tenant: Awaited<ReturnType<typeof createTenant>>) {
  return {
    organizationId: tenant.organizationId,
    apiKeyId: tenant.apiKeyId,
    userId: tenant.userId,
    projectId: tenant.projectId,
    documentId: tenant.documentId,
  }
}

async function cleanUp(): Promise<void> {
  if (organizationId == null) return
  await db('ai_usage_logs').where({ organization_id: organizationId }).delete()
  if (database.throwaway) await db.raw('vacuum analyze ai_usage_logs')
}

/** One row in COPY's text format: tab-separated, \N for null, backslash escapes. */
function copyLine(row: LogRow, columns: ReadonlyArray<keyof LogRow>): string {
  return `${columns
    .map((c) => {
      const v = row[c] as unknown
      if (v == null) return '\\N'
      if (v instanceof Date) return v.toISOString()
      if (typeof v === 'boolean') return v ? 't' : 'f'
      return String(v).replace(/[\\\t\n\r]/g, (ch) =>
        ch === '\\' ? '\\\\' : ch === '\t' ? '\\t' : ch === '\n' ? '\\n' : '\\r',
      )
    })
    .join('\t')}\n`
}
