#!/usr/bin/env node
// `pnpm test`: every package's vitest suite through turbo, then one closing line counted from the
// JSON reports, so a run that tested nothing is visible: "N passed, N failed".
import { spawnSync } from 'node:child_process'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const root = fileURLToPath(new URL('../../', import.meta.url))
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
