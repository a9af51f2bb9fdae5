// Writes test-data/pii-formats.jsonl: a labelled redaction set built from the public descriptions
// of each format (see test-data/README.md). Deterministic: the same seed gives the same file.
// Usage: node --import tsx packages/domain/scripts/make-formats-set.ts [--check]
//   --check: regenerate in memory and fail when the committed file differs.
import { readFileSync, writeFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { buildFormatsSet, toJsonl } from './formats-set/build'

const out = fileURLToPath(new URL('../test-data/pii-formats.jsonl', import.meta.url))
const jsonl = toJsonl(buildFormatsSet(20261203))

if (process.argv.includes('--check')) {
  if (readFileSync(out, 'utf8') !== jsonl) {
    console.error(`${out} is stale: run scripts/make-formats-set.ts`)
    process.exit(1)
  }
  console.log(`${out} is up to date`)
} else {
  writeFileSync(out, jsonl)
  const lines = jsonl
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as { spans: unknown[] })
  const negatives = lines.filter((l) => l.spans.length === 0).length
  console.log(`${out}: ${lines.length} lines, ${negatives} without spans`)
}
