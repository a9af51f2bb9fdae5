import { spawn } from 'node:child_process'
import { existsSync, readdirSync, statSync } from 'node:fs'
import { createRequire } from 'node:module'
import path from 'node:path'
import { fileURLToPath } from 'node:url'

/** apps/admin/ */
export const ADMIN_DIR = fileURLToPath(new URL('.', import.meta.url))
/** apps/admin/build/: `client/` (static assets) and `server/index.js` (the Remix server build). */
export const ADMIN_BUILD_DIR = path.join(ADMIN_DIR, 'build')
export const ADMIN_SERVER_BUILD = path.join(ADMIN_BUILD_DIR, 'server', 'index.js')

// What the build is made from: the app, its config, and the workspace sources it bundles.
const SOURCES = [
  ADMIN_DIR,
  path.join(ADMIN_DIR, '../../packages/db/src'),
  path.join(ADMIN_DIR, '../../packages/domain/src'),
]
const SKIP = new Set(['node_modules', 'build', '.cache', '.turbo'])

/** True when there is no build, or a source file changed after it was made. */
export function adminBuildIsStale(): boolean {
  if (!existsSync(ADMIN_SERVER_BUILD)) return true
  const builtAt = statSync(ADMIN_SERVER_BUILD).mtimeMs
  return SOURCES.some((dir) => newestMtime(dir) > builtAt)
}

/** `remix vite:build` in apps/admin (what `pnpm --filter @tokenledger/admin build` runs). */
export async function buildAdmin(log: (line: string) => void = () => {}): Promise<void> {
  const cli = createRequire(import.meta.url).resolve('@remix-run/dev/dist/cli.js')
  log('building the admin (remix vite:build)…')
  const child = spawn(process.execPath, [cli, 'vite:build'], {
    cwd: ADMIN_DIR,
    env: { ...process.env, NODE_ENV: 'production' },
    stdio: ['ignore', 'pipe', 'pipe'],
  })
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
  if (code !== 0) throw new Error(`remix vite:build failed (exit ${code}):\n${output.slice(-4000)}`)
  log('admin built')
}

let pending: Promise<void> | null = null

/** Builds the admin when it was never built or its sources changed; concurrent callers share one build. */
export function ensureAdminBuild(log?: (line: string) => void): Promise<void> {
  if (!adminBuildIsStale()) return Promise.resolve()
  pending ??= buildAdmin(log).finally(() => {
    pending = null
  })
  return pending
}

function newestMtime(dir: string): number {
  let newest = 0
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    if (SKIP.has(entry.name) || entry.name.startsWith('.')) continue
    const full = path.join(dir, entry.name)
    const mtime = entry.isDirectory() ? newestMtime(full) : statSync(full).mtimeMs
    if (mtime > newest) newest = mtime
  }
  return newest
}
