#!/usr/bin/env node
// `pnpm test`: every package's vitest suite through turbo, then one closing line counted from the
// JSON reports, so a run that tested nothing is visible: "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))

// The admin's browser tests drive Debian's Chromium (never a downloaded browser).
const CHROMIUM = '/usr/bin/chromium'
if (!existsSync(CHROMIUM)) {
  if (process.getuid?.() === 0 && existsSync('/usr/bin/apt-get')) {
    console.log('installing Debian chromium for the browser tests…')
    const env = { ...process.env, DEBIAN_FRONTEND: 'noninteractive' }
    const update = spawnSync('apt-get', ['update', '-qq'], { stdio: 'inherit', env })
    const install = spawnSync('apt-get', ['install', '-y', '-qq', 'chromium'], { stdio: 'inherit', env })
    if (update.status !== 0 || install.status !== 0) process.exit(1)
  } else {
    console.error(
      `${CHROMIUM} is missing: install Debian's chromium package (apt-get install chromium) to run the browser tests`,
    )
    process.exit(1)
  }
}
const reports = `${root}.reports`
rmSync(reports, { recursive: true, force: true })

const run = spawnSync('turbo', ['run', 'test', '--concurrency=1', ...process.argv.slice(2)], {
  cwd: root,
  stdio: 'inherit',
})

let passed = 0
let failed = 0
let skipped = 0
for (const file of existsSync(reports) ? readdirSync(reports).filter((f) => f.endsWith('.json')) : []) {
  const report = JSON.parse(readFileSync(`${reports}/${file}`, 'utf8'))
  passed += report.numPassedTests
  failed += report.numFailedTests
  skipped += report.numPendingTests + (report.numTodoTests ?? 0)
  // A suite that failed to load counts no tests but must not pass silently.
  if (report.numFailedTestSuites > 0 && report.numFailedTests === 0) failed += report.numFailedTestSuites
}
console.log(`${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ''}`)
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0)
