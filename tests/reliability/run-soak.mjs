#!/usr/bin/env node
// `pnpm test:soak`: the slow reliability tests (tests/reliability/*.soak.ts), then their own closing
// line "soak: N passed, N failed" counted from the vitest JSON report.
import { spawnSync } from 'node:child_process'
import { existsSync, readFileSync, rmSync } from 'node:fs'
import { fileURLToPath } from 'node:url'

const testsDir = fileURLToPath(new URL('../', import.meta.url))
const report = fileURLToPath(new URL('../../.reports/soak.json', import.meta.url))
rmSync(report, { force: true })

const vitest = `${testsDir}node_modules/vitest/vitest.mjs`
const run = spawnSync(process.execPath, [vitest, 'run', '-c', 'vitest.soak.config.ts'], {
  cwd: testsDir,
  stdio: 'inherit',
})

let passed = 0
let failed = 0
if (existsSync(report)) {
  const json = JSON.parse(readFileSync(report, 'utf8'))
  passed = json.numPassedTests
  failed = json.numFailedTests
  if (json.numFailedTestSuites > 0 && json.numFailedTests === 0) failed += json.numFailedTestSuites
}
console.log(`soak: ${passed} passed, ${failed} failed`)
process.exit(run.status !== 0 || failed > 0 || passed === 0 ? 1 : 0)
