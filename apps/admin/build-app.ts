import { spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** apps/admin/ */
export const ADMIN_DIR = fileURLToPath(new URL('.', import.meta.url))
/** apps/admin/build/: `client/` (static assets) and `server/index.js` (the Remix server build). */
export const ADMIN_BUILD_DIR = path.join(ADMIN_DIR, 'build')
export const ADMIN_SERVER_BUILD = path.join(ADMIN_BUILD_DIR, 'server', 'index.js')

const WORKSPACE_DIR = path.join(ADMIN_DIR, '../..')

/**
 * Brings apps/admin/build up to date with turbo's `build` task (turbo.json): turbo hashes the
 * admin's files and those of the workspace packages it bundles, and on a hash it has seen restores
 * the build from its cache (`.turbo/cache`) instead of running `remix vite:build` again.
 */
export async function buildAdmin(log: (line: string) => void = () => {}): Promise<void> {
  log('building the admin (turbo run build: restored from cache unless its sources changed)…')
  // turbo needs the workspace's package manager on PATH: run it through the pinned pnpm, the way the
  // README runs every command (npx reuses the pnpm that installed the workspace).
  const child = spawn(
    'npx',
    [
      '-y',
      packageManager(),
      'exec',
      'turbo',
      'run',
      'build',
      '--filter=@tokenledger/admin',
      '--output-logs=errors-only',
    ],
    {
      cwd: WORKSPACE_DIR,
      env: { ...process.env, NODE_ENV: 'production', TURBO_TELEMETRY_DISABLED: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  )
  let output = ''
  child.stdout.on('data', (chunk) => {
    output += chunk
  })
  child.stderr.on('data', (chunk) => {
    output += chunk
  })
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject)
    child.on('close', resolve)
  })
  if (code !== 0) throw new Error(`turbo run build failed (exit ${code}):\n${output.slice(-4000)}`)
  log('admin built')
}

let pending: Promise<void> | null = null

/** Builds the admin, or restores it from turbo's cache; concurrent callers share one run. */
export function ensureAdminBuild(log?: (line: string) => void): Promise<void> {
  pending ??= buildAdmin(log).finally(() => {
    pending = null
  })
  return pending
}

/** The root package.json's `packageManager`, e.g. `pnpm@10.34.8`. */
function packageManager(): string {
  const { packageManager } = JSON.parse(readFileSync(path.join(WORKSPACE_DIR, 'package.json'), 'utf8'))
  if (typeof packageManager !== 'string' || !packageManager.startsWith('pnpm@'))
    throw new Error('the workspace package.json names no pnpm packageManager')
  return packageManager
}
