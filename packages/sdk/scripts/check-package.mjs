#!/usr/bin/env node
// `pnpm --filter @tokenledger/sdk check:package`: builds and packs the SDK, then checks the tarball
// as it would be published: its manifest, publint (strict) and Are the Types Wrong.
import { execFileSync } from 'node:child_process'
import { rmSync } from 'node:fs'
import { dirname } from 'node:path'
import { buildAndPack, manifestProblems, sdkDir } from './pack.mjs'

const tarball = buildAndPack()
try {
  const manifest = JSON.parse(
    execFileSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' }),
  )
  const problems = manifestProblems(manifest)
  if (problems.length) {
    console.error(`packed package.json:\n  ${problems.join('\n  ')}`)
    process.exit(1)
  }
  console.log('packed package.json: ok')
  const bin = (name) => `${sdkDir}node_modules/.bin/${name}`
  execFileSync(bin('publint'), ['run', tarball, '--strict'], { stdio: 'inherit' })
  // node16 profile: Node 10's resolution (no `exports`) cannot see subpaths, and Node 20 is the floor.
  execFileSync(bin('attw'), [tarball, '--profile', 'node16'], { stdio: 'inherit' })
} finally {
  rmSync(dirname(tarball), { recursive: true, force: true })
}
