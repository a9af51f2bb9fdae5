import { spawn } from 'node:child_process'
import { randomBytes } from 'node:crypto'
import { createInterface } from 'node:readline'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const BIN = fileURLToPath(new URL('../../bin/tokenledger.mjs', import.meta.url))

describe('tokenledger gateway', () => {
  it('serves until SIGTERM, then stops cleanly', async () => {
    const child = spawn(process.execPath, [BIN, 'gateway'], {
      env: {
        ...process.env,
        GATEWAY_PORT: '0',
        TOKENLEDGER_API_URL: 'http://127.0.0.1:9',
        // Its own master key, so the test writes no secret-key file into TOKENLEDGER_HOME.
        TOKENLEDGER_SECRET_KEY: randomBytes(32).toString('hex'),
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve))
    const url = await new Promise<string>((resolve, reject) => {
      createInterface({ input: child.stdout as NodeJS.ReadableStream }).on('line', (line) => {
        const match = /openai\s+(http:\/\/\S+)\/openai\/v1/.exec(line)
        if (match?.[1]) resolve(match[1])
      })
      void exited.then((code) => reject(new Error(`exited early (${code}): ${stderr}`)))
    })
    const health = await fetch(`${url}/healthz`)
    expect(await health.json()).toEqual({ status: 'ok' })
    child.kill('SIGTERM')
    expect(await exited).toBe(0)
    expect(stderr).toContain('shutting down')
  })

  it('refuses a bad setting with the help and exit code 2', async () => {
    const child = spawn(process.execPath, [BIN, 'gateway'], {
      env: { ...process.env, GATEWAY_PORT: 'abc' },
      stdio: ['ignore', 'ignore', 'pipe'],
    })
    let stderr = ''
    child.stderr?.on('data', (chunk) => {
      stderr += chunk
    })
    const code = await new Promise<number | null>((resolve) => child.once('exit', resolve))
    expect(code).toBe(2)
    expect(stderr).toContain('GATEWAY_PORT must be a whole number')
    expect(stderr).toContain('TOKENLEDGER_OPENAI_BASE_URL')
  })
})
