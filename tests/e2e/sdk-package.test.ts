import { execFile, spawnSync } from 'node:child_process'
import { copyFileSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'
import { promisify } from 'node:util'
import { type ApiServer, startApiServer } from '@tokenledger/api-server'
import { createDb, type Db } from '@tokenledger/db'
import { createTenant, type Tenant } from '@tokenledger/db/testing'
import { json, type MockServer, startMockServer } from '@tokenledger/tooling/testing/mock-server'
import { afterAll, beforeAll, describe, expect, it } from 'vitest'

// Issue 12: the SDK as a user installs it. Pack it, `npm install` the tarball (with openai@6 and
// typescript from the registry) into a folder outside the workspace, type-check a consumer against
// the installed types, run a tiny ESM and a tiny CommonJS app against a running api, and find
// their calls in Postgres. Needs the npm registry (or a warm npm cache).
const sdkDir = fileURLToPath(new URL('../../packages/sdk/', import.meta.url))
const fixtures = fileURLToPath(new URL('./sdk-package/', import.meta.url))
const log = (message: string) => console.log(`[sdk-package] ${message}`)

let db: Db
let api: ApiServer
let tenant: Tenant
let openai: MockServer
let app: string
let packDir: string

function run(command: string, args: string[], cwd: string, env: Record<string, string> = {}): string {
  log(`${command} ${args.join(' ')}  (in ${cwd})`)
  const result = spawnSync(command, args, { cwd, env: { ...process.env, ...env }, encoding: 'utf8' })
  if (result.status !== 0) {
    throw new Error(
      `${command} ${args.join(' ')} failed (${result.status}):\n${result.stdout}\n${result.stderr}`,
    )
  }
  return result.stdout
}

/**
 * Runs an app without blocking this process: the api and the mock provider it calls live here,
 * so a synchronous spawn would wait forever on them.
 */
async function runApp(file: string, env: Record<string, string>): Promise<string> {
  log(`node ${file}  (in ${app})`)
  const { stdout } = await promisify(execFile)(process.execPath, [file], {
    cwd: app,
    env: { ...process.env, ...env },
    timeout: 50_000,
  })
  return stdout
}

/** pnpm as the workspace runs it: the one running the tests, or the pinned one through npx. */
function pnpm(args: string[], cwd: string): string {
  const execpath = process.env.npm_execpath
  return execpath && /pnpm/.test(execpath)
    ? run(process.execPath, [execpath, ...args], cwd)
    : run('npx', ['-y', 'pnpm@10.34.8', ...args], cwd)
}

beforeAll(async () => {
  db = createDb(process.env.DATABASE_URL as string)
  api = await startApiServer({ db, port: 0 })
  tenant = await createTenant(db, 'Packed')
  // An OpenAI-compatible chat completion on the shared local mock server.
  openai = await startMockServer((request, res) =>
    request.path === '/v1/chat/completions'
      ? json(res, 200, {
          id: 'chatcmpl-pack',
          object: 'chat.completion',
          created: 1_700_000_000,
          model: 'gpt-4o-mini-2024-07-18',
          choices: [{ index: 0, message: { role: 'assistant', content: 'Done.' }, finish_reason: 'stop' }],
          usage: { prompt_tokens: 1000, completion_tokens: 200, total_tokens: 1200 },
        })
      : json(res, 404, { error: { message: 'not found' } }),
  )

  packDir = mkdtempSync(join(tmpdir(), 'tokenledger-pack-'))
  pnpm(['run', 'build'], sdkDir)
  pnpm(['pack', '--pack-destination', packDir], sdkDir)
  const tarball = join(packDir, readdirSync(packDir).find((f) => f.endsWith('.tgz')) as string)
  log(`packed ${tarball}`)

  app = mkdtempSync(join(tmpdir(), 'tokenledger-app-'))
  writeFileSync(join(app, 'package.json'), JSON.stringify({ name: 'an-app', private: true }, null, 2))
  for (const file of ['esm-app.mjs', 'cjs-app.cjs', 'consumer.mts'])
    copyFileSync(join(fixtures, file), join(app, file))
  writeFileSync(
    join(app, 'tsconfig.json'),
    JSON.stringify({
      compilerOptions: {
        strict: true,
        skipLibCheck: false,
        noEmit: true,
        target: 'ES2022',
        module: 'nodenext',
        moduleResolution: 'nodenext',
        // tRPC's types use Disposable (esnext.disposable, or @types/node in a Node app).
        lib: ['ES2022', 'ESNext.Disposable', 'DOM'],
        types: [],
      },
      files: ['consumer.mts'],
    }),
  )
  run(
    'npm',
    ['install', '--no-audit', '--no-fund', '--loglevel=error', tarball, 'openai@6', 'typescript@5.9'],
    app,
  )
}, 600_000)

afterAll(async () => {
  await api?.close()
  await openai?.close()
  await db?.destroy()
  for (const dir of [app, packDir]) if (dir) rmSync(dir, { recursive: true, force: true })
})

describe('the packed SDK installed outside the workspace', () => {
  it('installs without any workspace package', () => {
    const installed = JSON.parse(run('npm', ['ls', '--all', '--json'], app)) as {
      dependencies: Record<string, { dependencies?: Record<string, unknown> }>
    }
    const sdk = installed.dependencies['@tokenledger/sdk']
    expect(sdk).toBeDefined()
    expect(Object.keys(sdk?.dependencies ?? {}).filter((name) => name.startsWith('@tokenledger/'))).toEqual(
      [],
    )
    const tree = JSON.stringify(installed)
    expect(tree).not.toContain('"knex"')
  })

  it('type-checks a strict consumer against the installed types (skipLibCheck: false)', () => {
    const tsc = join(app, 'node_modules', 'typescript', 'bin', 'tsc')
    const result = spawnSync(process.execPath, [tsc, '-p', 'tsconfig.json'], { cwd: app, encoding: 'utf8' })
    log(`tsc exit ${result.status}${result.stdout ? `:\n${result.stdout}` : ''}`)
    expect(result.stdout).toBe('')
    expect(result.status).toBe(0)
  }, 120_000)

  it.each([
    ['esm-app.mjs', 'esm', 'summarization'],
    ['cjs-app.cjs', 'cjs', 'classification'],
  ])(
    '%s logs its call through wrapOpenAI, stored in Postgres',
    async (file, tag, category) => {
      const output = await runApp(file, {
        TOKENLEDGER_URL: api.url,
        TOKENLEDGER_API_KEY: tenant.apiKey,
        OPENAI_BASE_URL: `${openai.url}/v1`,
        APP_USER_ID: `usr_${tag}`,
      })
      log(`${file}: ${output.trim()}`)
      const printed = JSON.parse(output) as {
        reply: string
        flushed: { flushed: boolean }
        stats: { stored: number }
        providersLoadedByMainEntry?: string[]
      }
      expect(printed).toMatchObject({ reply: 'Done.', flushed: { flushed: true }, stats: { stored: 1 } })
      if (tag === 'cjs') expect(printed.providersLoadedByMainEntry).toEqual([])

      const rows = await db('ai_usage_logs').whereRaw("metadata->>'app' = ?", [tag])
      expect(rows).toHaveLength(1)
      const appUser = await db('users')
        .where({ organization_id: tenant.organizationId, external_id: `usr_${tag}` })
        .first()
      expect(rows[0]).toMatchObject({
        organization_id: tenant.organizationId,
        user_id: appUser.id,
        provider: 'openai',
        // The requested model today; the provider-reported one once the wrapper records it.
        model: expect.stringMatching(/^gpt-4o-mini/),
        prompt_tokens: 1000,
        completion_tokens: 200,
        category,
        success: true,
      })
      // gpt-4o-mini: $0.15 / $0.60 per million tokens.
      expect(Number(rows[0].cost)).toBeCloseTo(1000 * 0.15e-6 + 200 * 0.6e-6, 12)
    },
    60_000,
  )

  it('redacts what the app sent before it is stored', async () => {
    const row = await db('ai_usage_logs').whereRaw("metadata->>'app' = 'esm'").first()
    expect(row.prompt_content).toContain('[REDACTED:email]')
    expect(row.prompt_content).not.toContain('ana@example.com')
  })
})
