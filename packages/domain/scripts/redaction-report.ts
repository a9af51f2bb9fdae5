// Precision/recall of the redaction detectors on a labeled JSONL set.
// Usage: node --import tsx packages/domain/scripts/redaction-report.ts [path/to/pii.jsonl] [--mistakes]
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluate, MATCHING_RULE, parseLabeledExamples } from '../src/redaction/evaluation'
import { findSensitive, REDACTION_TYPES } from '../src/redaction/index'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const args = process.argv.slice(2)
const showMistakes = args.includes('--mistakes')
const pathArg = args.find((a) => !a.startsWith('--'))
const path = resolve(pathArg ?? resolve(repoRoot, '../shared/data/pii-dev.jsonl'))

const examples = parseLabeledExamples(readFileSync(path, 'utf8'))
const result = evaluate(examples, findSensitive)

const pct = (x: number) => x.toFixed(3)
const row = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`

console.log(`Data: ${path} (${examples.length} lines)`)
console.log(`Matching rule: ${MATCHING_RULE}`)
console.log(
  '"exact span" counts gold spans predicted with exactly their start and end; it is shown, not scored.',
)
console.log('')
console.log(
  row(['type', 'gold', 'predicted', 'TP (pred)', 'found (gold)', 'precision', 'recall', 'F1', 'exact span']),
)
console.log(row(['---', '---:', '---:', '---:', '---:', '---:', '---:', '---:', '---:']))
for (const type of REDACTION_TYPES) {
  const s = result.perType[type]
  console.log(
    row([
      type,
      s.gold,
      s.predicted,
      s.truePositives,
      s.goldFound,
      pct(s.precision),
      pct(s.recall),
      pct(s.f1),
      `${s.goldExact}/${s.gold}`,
    ]),
  )
}
const o = result.overall
console.log(
  row([
    '**overall**',
    o.gold,
    o.predicted,
    o.truePositives,
    o.goldFound,
    pct(o.precision),
    pct(o.recall),
    pct(o.f1),
    `${o.goldExact}/${o.gold}`,
  ]),
)

if (showMistakes || result.mistakes.length > 0) {
  console.log('')
  console.log(`Mistakes (${result.mistakes.length}):`)
  for (const m of result.mistakes) {
    const value = m.value.length > 80 ? `${m.value.slice(0, 77)}...` : m.value
    console.log(
      `  line ${m.line} ${m.kind} ${m.type}: ${JSON.stringify(value)}${m.note ? `  (${m.note})` : ''}`,
    )
  }
}
