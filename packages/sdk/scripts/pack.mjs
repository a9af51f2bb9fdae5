// Builds and packs @tokenledger/sdk the way it is published, and checks the packed manifest. Used
// by `check:package` and by the pack-and-install test in tests/e2e.
import { execFileSync } from 'node:child_process'
import { mkdtempSync, readdirSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const sdkDir = fileURLToPath(new URL('..', import.meta.url))

/** pnpm as the workspace runs it: the one running this script, or the pinned one through npx. */
function pnpm(args, options) {
  const execpath = process.env.npm_execpath
  const [command, prefix] =
    execpath && /pnpm/.test(execpath) ? [process.execPath, [execpath]] : ['npx', ['-y', 'pnpm@10.34.8']]
  return execFileSync(command, [...prefix, ...args], { encoding: 'utf8', ...options })
}

/** `pnpm build` then `pnpm pack` (which applies publishConfig); returns the tarball's path. */
export function buildAndPack(log = console.log) {
  log('sdk: building (tsup)…')
  pnpm(['run', 'build'], { cwd: sdkDir, stdio: ['ignore', 'ignore', 'inherit'] })
  const destination = mkdtempSync(join(tmpdir(), 'tokenledger-sdk-pack-'))
  log(`sdk: packing into ${destination}…`)
  pnpm(['pack', '--pack-destination', destination], { cwd: sdkDir, stdio: ['ignore', 'ignore', 'inherit'] })
  const tarball = readdirSync(destination).find((f) => f.endsWith('.tgz'))
  if (!tarball) throw new Error(`pnpm pack left no tarball in ${destination}`)
  return join(destination, tarball)
}

/** What a published manifest must have; returns the problems found (none when it is fine). */
export function manifestProblems(manifest) {
  const problems = []
  const deps = ['dependencies', 'peerDependencies', 'optionalDependencies']
  for (const field of deps) {
    for (const [name, range] of Object.entries(manifest[field] ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is ${range}`)
      if (name.startsWith('@tokenledger/')) problems.push(`${field}.${name}: a private workspace package`)
    }
  }
  for (const [subpath, target] of Object.entries(manifest.exports ?? {})) {
    if (subpath === './package.json') continue
    for (const condition of ['import', 'require']) {
      if (!target?.[condition]?.types || !target?.[condition]?.default) {
        problems.push(`exports["${subpath}"].${condition} needs types and default`)
      }
    }
  }
  if (!manifest.exports) problems.push('no exports map')
  if (!manifest.files?.length) problems.push('no files list')
  if (manifest.sideEffects !== false) problems.push('sideEffects is not false')
  if (!manifest.engines?.node) problems.push('no engines.node')
  if (!manifest.license) problems.push('no license')
  if (!manifest.repository) problems.push('no repository')
  return problems
}
