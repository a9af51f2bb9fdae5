// What the gateway adds to a call: the same chat completion sent straight to a local zero-delay
// mock of OpenAI and through the gateway (the real `tokenledger gateway` command in its own
// process, logging every call to the real api in another process, on real PostgreSQL), at
// concurrency 1, 16 and 64, streamed and not. Both sides use the same lean keep-alive client
// (bench/support/lean-http.ts: prepared request bytes, minimal response framing), so the load
// generator takes as little CPU as it can from the processes it measures on a small machine.
// Besides latencies it reports the gateway's own CPU time per call (process.cpuUsage over IPC)
// and the api's (from /proc): figures that do not depend on how loaded the machine is.
// Run from the repo root:
//   node --import tsx bench/gateway.ts [--quick] [--requests N] [--upstream-ms N] [--json] [--cpu-prof DIR] [--heap-prof FILE] [--concurrency 1,16,64]
// --upstream-ms makes the mock answer after N ms (a provider is never instant; with a delay the
// closed loop no longer saturates the machine, so the figures show the gateway's latency rather
// than its throughput). --json prints one JSON object of the figures as the last line.
// --cpu-prof writes a V8 CPU profile of the gateway process into DIR when it stops; --heap-prof
// writes a sampling heap profile of everything it allocated (collected objects included) to FILE.
// Uses DATABASE_URL when set (it creates, then deletes, its own organization), otherwise a throwaway
// database dropped at the end.
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import http from 'node:http'
import type { AddressInfo } from 'node:net'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { parseArgs } from 'node:util'
import { createDb } from '@tokenledger/db'
import { createTenant } from '@tokenledger/db/testing'
import { startApiProcess } from './support/api'
import { openBenchDatabase, removeTenant } from './support/database'
import { headerValue, LeanPool, requestBytes } from './support/lean-http'
import { fmt, percentile, printTable } from './support/stats'

const { values } = parseArgs({
  options: {
    quick: { type: 'boolean', default: false },
    requests: { type: 'string' },
    json: { type: 'boolean', default: false },
    'upstream-ms': { type: 'string', default: '0' },
    'cpu-prof': { type: 'string' },
    'heap-prof': { type: 'string' },
    concurrency: { type: 'string', default: '1,16,64' },
  },
})
const UPSTREAM_MS = Number(values['upstream-ms'])
if (!Number.isInteger(UPSTREAM_MS) || UPSTREAM_MS < 0)
  throw new Error('--upstream-ms must be a whole number ≥ 0')
/** Requests per side (direct, gateway) for each concurrency and mode. */
const REQUESTS = Number(values.requests ?? (values.quick ? 400 : 800))
if (!Number.isInteger(REQUESTS) || REQUESTS < 64) throw new Error('--requests must be a whole number ≥ 64')
const CONCURRENCIES = values.concurrency.split(',').map(Number)
if (!CONCURRENCIES.every((c) => Number.isInteger(c) && c >= 1))
  throw new Error('--concurrency must list whole numbers ≥ 1, e.g. 1,16,64')
const ROUNDS = 4
const log = (line: string) => console.error(line)

const PROMPT =
  'Summarize the following support thread for the account review and list the open questions. ' +
  'The customer (jordan.lee@example.com, +1 415 555 0147) says the March invoice was charged twice.'
const USAGE = { prompt_tokens: 420, completion_tokens: 96, total_tokens: 516 }

interface Sample {
  ms: number
  overheadMs: number | undefined
}
interface Side {
  samples: Sample[]
  wallMs: number
  /** The gateway's CPU time (µs), GCs and V8 heap bytes allocated, and the api's CPU time (µs), for this side's calls. */
  gatewayCpuUs: number
  gatewayGcs: number
  gatewayAllocated: number
  apiCpuUs: number
  /** Calls whose in-path time (the header) was over 5 ms, and how many of them were among a run's first c answers. */
  slowInPath: number
  slowInPathFirst: number
}

const database = await openBenchDatabase()
const db = createDb(database.url)
const mock = await startMock()
let organizationId: number | undefined
let api: Awaited<ReturnType<typeof startApiProcess>> | undefined
let gateway: Awaited<ReturnType<typeof startGatewayProcess>> | undefined
try {
  log(`database: ${database.label}`)
  const tenant = await createTenant(db, 'Bench gateway')
  organizationId = tenant.organizationId
  api = await startApiProcess(database.url)
  gateway = await startGatewayProcess(api.url, `${mock.url}/v1`)
  log(`api: ${api.url}; gateway: ${gateway.url} (child ${gateway.child.pid}); mock OpenAI: ${mock.url}`)

  const headers = {
    authorization: `Bearer ${tenant.apiKey}`,
    'x-provider-authorization': 'Bearer sk-bench',
    'x-tokenledger-user-id': String(tenant.userId),
    'x-tokenledger-category': 'summarization',
  }
  const target = (through: boolean) =>
    through ? `${gateway?.url}/openai/v1/chat/completions` : `${mock.url}/v1/chat/completions`
  const body = (stream: boolean) =>
    JSON.stringify({ model: 'gpt-4o-mini', messages: [{ role: 'user', content: PROMPT }], stream })
  const apiPid = api.pid
  const pool = new LeanPool()

  let gatewayCalls = 0
  const run = async (
    through: boolean,
    stream: boolean,
    concurrency: number,
    count: number,
  ): Promise<Side> => {
    const samples: Sample[] = []
    const request = requestBytes(target(through), headers, body(stream))
    const connections = await pool.take(target(through), concurrency)
    const cpuBefore = await gateway?.cpuUsage()
    let next = 0
    const started = performance.now()
    await Promise.all(
      connections.map(async (connection) => {
        while (next < count) {
          next++
          const answer = await connection.send(request)
          if (answer.status !== 200) throw new Error(`${target(through)} answered ${answer.status}`)
          const overhead = headerValue(answer.head, 'x-tokenledger-overhead-ms')
          samples.push({ ms: answer.ms, overheadMs: overhead ? Number(overhead) : undefined })
        }
      }),
    )
    const wallMs = performance.now() - started
    // A run's first answers are the first calls after the gateway sat idle (the other side's run,
    // the wait for the api): they show what a key coming back from idle pays in the path.
    const slow = samples.flatMap((s, i) => ((s.overheadMs ?? 0) > 5 ? [i] : []))
    const cpuAfter = await gateway?.cpuUsage()
    pool.release(target(through), connections)
    if (through) gatewayCalls += count
    return {
      samples,
      wallMs,
      gatewayCpuUs: cpuAfter && cpuBefore ? cpuAfter.us - cpuBefore.us : 0,
      gatewayGcs: cpuAfter && cpuBefore ? cpuAfter.gcs - cpuBefore.gcs : 0,
      gatewayAllocated: cpuAfter && cpuBefore ? cpuAfter.allocatedBytes - cpuBefore.allocatedBytes : 0,
      // Taken per row, once the api has stored the row's calls (see settle).
      apiCpuUs: 0,
      slowInPath: slow.length,
      slowInPathFirst: slow.filter((i) => i < concurrency).length,
    }
  }

  /** Rows of this tenant in ai_usage_logs. */
  const storedCalls = async () => {
    const [row] = await db('ai_usage_logs').where({ organization_id: organizationId }).count({ n: '*' })
    return Number(row?.n)
  }
  // The api stores the gateway's calls a little after them (the logger batches for up to 1 s):
  // waiting until it has caught up keeps one row's backlog out of the next row's figures (without
  // it, whichever mode ran first after the warm-up was the slower one).
  const settle = async () => {
    const deadline = Date.now() + 30_000
    while (Date.now() < deadline && (await storedCalls()) < gatewayCalls)
      await new Promise((resolve) => setTimeout(resolve, 100))
  }

  // Warm-up (JIT, sockets, the gateway's logger and budget cache), not counted.
  for (const stream of [false, true]) {
    await run(false, stream, 16, 400)
    await run(true, stream, 16, 400)
  }
  await settle()

  const results = []
  for (const stream of [false, true]) {
    for (const concurrency of CONCURRENCIES) {
      const direct = emptySide()
      const through = emptySide()
      const apiBefore = processCpuUs(apiPid)
      // Alternating rounds, so drift of a shared machine hits both sides alike.
      for (let round = 0; round < ROUNDS; round++) {
        const per = Math.ceil(REQUESTS / ROUNDS)
        for (const [side, viaGateway] of round % 2
          ? ([
              [through, true],
              [direct, false],
            ] as const)
          : ([
              [direct, false],
              [through, true],
            ] as const)) {
          const r = await run(viaGateway, stream, concurrency, per)
          side.samples.push(...r.samples)
          side.wallMs += r.wallMs
          side.gatewayCpuUs += r.gatewayCpuUs
          side.gatewayGcs += r.gatewayGcs
          side.gatewayAllocated += r.gatewayAllocated
          side.slowInPath += r.slowInPath
          side.slowInPathFirst += r.slowInPathFirst
        }
      }
      // The api's CPU for this row's calls: until it has stored them all.
      await settle()
      through.apiCpuUs = processCpuUs(apiPid) - apiBefore
      results.push(figures(stream, concurrency, direct, through))
    }
  }

  pool.close()
  // Shut the gateway down (it flushes its queue), then check every call was logged.
  await stopChild(gateway.child)
  gateway = undefined
  await settle()
  const logged = await storedCalls()

  console.log('')
  console.log(
    `gateway overhead: ${REQUESTS} requests per side per row, ${ROUNDS} alternating rounds; chat completion ` +
      `(${PROMPT.length}-character prompt) to a local mock answering after ${UPSTREAM_MS} ms, direct vs through the gateway; node ${process.version}`,
  )
  console.log(
    "cpu: the gateway process's CPU time per call through it (process.cpuUsage, user + system) and its " +
      "GCs per 100 calls and V8 heap KB allocated per call; the api's CPU time per logged call until it stored the row's calls (/proc, 10 ms ticks); both include the logging. " +
      '"header > 5 ms": calls that spent over 5 ms in the gateway\'s own path, in brackets those among the first c answers of a run (the gateway idle before it: a key without an open budget lease waits for one check)',
  )
  console.log(
    `logging: ${fmt(logged)} rows in ai_usage_logs for ${fmt(gatewayCalls)} gateway calls (warm-up included)`,
  )
  console.log('')
  printTable(
    [
      'mode',
      'c',
      'direct p50',
      'direct p99',
      'gateway p50',
      'gateway p99',
      'added p50',
      'added p99',
      'header p50',
      'header p99',
      'direct req/s',
      'gateway req/s',
      'gateway cpu µs/call',
      'GCs/100 calls',
      'heap KB/call',
      'api cpu µs/call',
      'header > 5 ms (first c)',
    ],
    results.map((r) => [
      r.stream ? 'stream' : 'json',
      String(r.concurrency),
      r.direct.p50.toFixed(3),
      r.direct.p99.toFixed(3),
      r.gateway.p50.toFixed(3),
      r.gateway.p99.toFixed(3),
      r.added.p50.toFixed(3),
      r.added.p99.toFixed(3),
      r.overheadHeader.p50.toFixed(3),
      r.overheadHeader.p99.toFixed(3),
      fmt(r.direct.rps),
      fmt(r.gateway.rps),
      fmt(r.cpu.gatewayUsPerCall),
      r.cpu.gatewayGcsPer100Calls.toFixed(1),
      r.cpu.gatewayHeapKbPerCall.toFixed(1),
      fmt(r.cpu.apiUsPerCall),
      `${r.slowInPath.calls} (${r.slowInPath.firstOfRun})`,
    ]),
  )
  const atTarget = results.filter((r) => r.concurrency === 16)
  const met = atTarget.every((r) => r.added.p50 <= 1 && r.added.p99 <= 5)
  console.log('')
  console.log(
    `target at c = 16: added p50 ≤ 1 ms and p99 ≤ 5 ms: ${met ? 'met' : 'NOT met'} ` +
      `(${atTarget.map((r) => `${r.stream ? 'stream' : 'json'} ${r.added.p50.toFixed(3)} / ${r.added.p99.toFixed(3)} ms`).join('; ')})`,
  )
  if (values.json) {
    console.log(
      JSON.stringify({
        benchmark: 'gateway',
        requests: REQUESTS,
        upstreamMs: UPSTREAM_MS,
        node: process.version,
        logged,
        gatewayCalls,
        targetMet: met,
        results,
      }),
    )
  }
} finally {
  if (gateway) await stopChild(gateway.child)
  await api?.close()
  await mock.close()
  if (organizationId != null && !database.throwaway) {
    log('cleaning up…')
    await removeTenant(db, organizationId)
  }
  await db.destroy()
  await database.drop()
}
process.exit(0)

function figures(stream: boolean, concurrency: number, direct: Side, through: Side) {
  const ms = (side: Side) => side.samples.map((s) => s.ms)
  const headerMs = through.samples.map((s) => s.overheadMs ?? Number.NaN).filter((v) => !Number.isNaN(v))
  const round3 = (n: number) => Math.round(n * 1000) / 1000
  const summary = (side: Side) => ({
    p50: round3(percentile(ms(side), 50)),
    p99: round3(percentile(ms(side), 99)),
    rps: Math.round((side.samples.length / side.wallMs) * 1000),
  })
  const d = summary(direct)
  const g = summary(through)
  return {
    stream,
    concurrency,
    direct: d,
    gateway: g,
    added: { p50: round3(g.p50 - d.p50), p99: round3(g.p99 - d.p99) },
    /** What the gateway says it added (x-tokenledger-overhead-ms): its own time, without the extra hop. */
    overheadHeader: { p50: round3(percentile(headerMs, 50)), p99: round3(percentile(headerMs, 99)) },
    /** Calls over 5 ms in the gateway's own path, and those among the first c answers of a run (back from idle). */
    slowInPath: { calls: through.slowInPath, firstOfRun: through.slowInPathFirst },
    /** CPU per call through the gateway: its own process, and the api storing the usage. */
    cpu: {
      gatewayUsPerCall: Math.round(through.gatewayCpuUs / through.samples.length),
      gatewayGcsPer100Calls: round3((through.gatewayGcs / through.samples.length) * 100),
      gatewayHeapKbPerCall: round3(through.gatewayAllocated / through.samples.length / 1024),
      apiUsPerCall: Math.round(through.apiCpuUs / through.samples.length),
    },
  }
}

function emptySide(): Side {
  return {
    samples: [],
    wallMs: 0,
    gatewayCpuUs: 0,
    gatewayGcs: 0,
    gatewayAllocated: 0,
    apiCpuUs: 0,
    slowInPath: 0,
    slowInPathFirst: 0,
  }
}

/** A process's user + system CPU time in µs from /proc (Linux; 0 elsewhere), at 100 ticks a second. */
function processCpuUs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8')
    // The fields after the command name (which may hold spaces) are space separated: utime and
    // stime are the 14th and 15th of the line.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ')
    // (A module-level constant would not be initialised yet: the run happens above, at top level.)
    const tickUs = 1_000_000 / 100
    return (Number(fields[11]) + Number(fields[12])) * tickUs
  } catch {
    return 0
  }
}

/** An OpenAI `POST /v1/chat/completions` answering after UPSTREAM_MS: a fixed completion, or 4 chunks plus usage when streamed. */
async function startMock() {
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = []
    req.on('data', (c: Buffer) => chunks.push(c))
    req.on('end', () => (UPSTREAM_MS ? setTimeout(answer, UPSTREAM_MS) : answer()))
    const answer = () => {
      const request = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as {
        model?: string
        stream?: boolean
        stream_options?: { include_usage?: boolean }
      }
      const base = { id: 'chatcmpl-bench', created: 1_700_000_000, model: `${request.model}-2024-07-18` }
      if (!request.stream) {
        const reply = JSON.stringify({
          ...base,
          object: 'chat.completion',
          choices: [
            {
              index: 0,
              message: { role: 'assistant', content: 'A refund is on its way.' },
              finish_reason: 'stop',
            },
          ],
          usage: USAGE,
        })
        res.writeHead(200, {
          'content-type': 'application/json',
          'content-length': String(Buffer.byteLength(reply)),
        })
        return res.end(reply)
      }
      const chunk = (content: string, finish: string | null) =>
        `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [{ index: 0, delta: { content }, finish_reason: finish }] })}\n\n`
      res.writeHead(200, { 'content-type': 'text/event-stream' })
      res.write(chunk('A refund', null))
      res.write(chunk(' is on', null))
      res.write(chunk(' its way.', 'stop'))
      if (request.stream_options?.include_usage)
        res.write(
          `data: ${JSON.stringify({ ...base, object: 'chat.completion.chunk', choices: [], usage: USAGE })}\n\n`,
        )
      res.end('data: [DONE]\n\n')
    }
  })
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve))
  const { port } = server.address() as AddressInfo
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve())
        server.closeAllConnections()
      }),
  }
}

/**
 * `tokenledger gateway` in its own process, on a free port, with a preload that reports its CPU
 * time over IPC (and, with --cpu-prof, V8's CPU profiler on; with --heap-prof, the sampling heap profiler).
 */
async function startGatewayProcess(apiUrl: string, openaiBaseUrl: string) {
  const bin = fileURLToPath(new URL('../apps/cli/bin/tokenledger.mjs', import.meta.url))
  const reporter = new URL('./support/cpu-usage-reporter.mjs', import.meta.url).href
  const heapSampler = new URL('./support/heap-sampler.mjs', import.meta.url).href
  const cpuProfile = values['cpu-prof'] ? ['--cpu-prof', '--cpu-prof-dir', values['cpu-prof']] : []
  const heapProfile = values['heap-prof'] ? ['--import', heapSampler] : []
  const args = [...cpuProfile, ...heapProfile, '--import', reporter, bin, 'gateway']
  const child = spawn(process.execPath, args, {
    env: {
      ...process.env,
      ...(values['heap-prof'] ? { BENCH_HEAP_PROFILE: values['heap-prof'] } : {}),
      GATEWAY_PORT: '0',
      TOKENLEDGER_API_URL: apiUrl,
      TOKENLEDGER_OPENAI_BASE_URL: openaiBaseUrl,
    },
    stdio: ['ignore', 'pipe', 'inherit', 'ipc'],
  })
  const url = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream })
    lines.on('line', (line) => {
      const match = /openai\s+(http:\/\/\S+)\/openai\/v1/.exec(line)
      if (match?.[1]) resolve(match[1])
    })
    child.once('exit', (code) => reject(new Error(`the gateway exited early (code ${code})`)))
  })
  /** The gateway process's CPU time so far (user + system, µs), GC count and V8 heap bytes allocated. */
  const cpuUsage = () =>
    new Promise<{ us: number; gcs: number; allocatedBytes: number }>((resolve) => {
      child.once('message', (message) => {
        const { cpuUsage, gcs, allocatedBytes } = message as {
          cpuUsage: NodeJS.CpuUsage
          gcs: number
          allocatedBytes: number
        }
        resolve({ us: cpuUsage.user + cpuUsage.system, gcs, allocatedBytes })
      })
      child.send('cpu-usage')
    })
  return { url, child, cpuUsage }
}

function stopChild(child: ChildProcess): Promise<void> {
  return new Promise((resolve) => {
    if (child.exitCode != null) return resolve()
    child.once('exit', () => resolve())
    child.kill('SIGTERM')
  })
}
