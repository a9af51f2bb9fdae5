#!/usr/bin/env node
// `pnpm bench [name…]`: runs every benchmark under bench/ (or the named ones), one after another,
// each printing its own table. Extra flags after `--` go to every benchmark.
import { spawnSync } from 'node:child_process'
import { readdirSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
const args = process.argv.slice(2)
const split = args.indexOf('--')
const names = split === -1 ? args : args.slice(0, split)
const flags = split === -1 ? [] : args.slice(split + 1)
const all = readdirSync(`${root}bench`)
  .filter((f) => f.endsWith('.ts') && !f.endsWith('.d.ts'))
  .map((f) => f.slice(0, -3))
const unknown = names.filter((n) => !all.includes(n))
if (unknown.length) {
  console.error(`unknown benchmark(s): ${unknown.join(', ')}; available: ${all.join(', ')}`)
  process.exit(2)
}
let failed = 0
for (const name of names.length ? names : all) {
  console.log(`\n== bench/${name}.ts`)
  const run = spawnSync(process.execPath, ['--import', 'tsx', `bench/${name}.ts`, ...flags], {
    cwd: root,
    stdio: 'inherit',
  })
  if (run.status !== 0) failed++
}
process.exit(failed ? 1 : 0)
