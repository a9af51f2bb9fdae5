// Precision/recall of the redaction detectors on labeled JSONL sets.
// Usage: node --import tsx packages/domain/scripts/redaction-report.ts [path/to/pii.jsonl …] [--mistakes]
//   or:  pnpm --filter @tokenledger/domain redaction:report [--mistakes]
// Without paths: the dev set (../shared/data/pii-dev.jsonl from the repository root, when present)
// and our formats set (packages/domain/test-data/pii-formats.jsonl).
import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { fileURLToPath } from 'node:url'
import { evaluate, MATCHING_RULE, type Mistake, parseLabeledExamples } from '../src/redaction/evaluation'
import { findSensitive, REDACTION_TYPES } from '../src/redaction/index'

const repoRoot = fileURLToPath(new URL('../../../', import.meta.url))
const DEV_SET = resolve(repoRoot, '../shared/data/pii-dev.jsonl')
const FORMATS_SET = resolve(repoRoot, 'packages/domain/test-data/pii-formats.jsonl')

const args = process.argv.slice(2)
const showMistakes = args.includes('--mistakes')
// pnpm runs the script in the package folder; paths are meant relative to where it was typed.
const cwd = process.env.INIT_CWD ?? process.cwd()
const pathArgs = args.filter((a) => !a.startsWith('--')).map((a) => resolve(cwd, a))
const paths = pathArgs.length > 0 ? pathArgs : [DEV_SET, FORMATS_SET].filter((p) => existsSync(p))

const pct = (x: number) => x.toFixed(3)
const row = (cells: Array<string | number>) => `| ${cells.map(String).join(' | ')} |`

console.log(`Matching rule: ${MATCHING_RULE}`)
console.log(
  '"exact span" counts gold spans predicted with exactly their start and end; it is shown, not scored.',
)
for (const path of paths) report(path)

function report(path: string): void {
  const examples = parseLabeledExamples(readFileSync(path, 'utf8'))
  const result = evaluate(examples, findSensitive)
  console.log('')
  console.log(`Data: ${path} (${examples.length} lines)`)
  console.log('')
  console.log(
    row([
      'type',
      'gold',
      'predicted',
      'TP (pred)',
      'found (gold)',
      'precision',
      'recall',
      'F1',
      'exact span',
    ]),
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
  console.log('')
  if (!showMistakes) {
    console.log(
      `Mistakes: ${result.mistakes.length}${result.mistakes.length > 0 ? ' (--mistakes lists them)' : ''}`,
    )
    return
  }
  console.log(`Mistakes (${result.mistakes.length}):`)
  for (const m of result.mistakes) {
    const value = m.value.length > 80 ? `${m.value.slice(0, 77)}...` : m.value
    console.log(
      `  line ${m.line} ${m.kind} ${m.type}: ${JSON.stringify(value)}${m.note ? `  (${m.note})` : ''}`,
    )
  }
  if (result.mistakes.length > 0) {
    console.log('')
    console.log('Mistakes by class (kind, type, note):')
    for (const [label, count] of mistakeClasses(result.mistakes)) console.log(`  ${count}× ${label}`)
  }
}

/** Mistakes counted per kind, type and note, most frequent first. */
function mistakeClasses(mistakes: Mistake[]): Array<[string, number]> {
  const counts = new Map<string, number>()
  for (const m of mistakes) {
    const label = `${m.kind} ${m.type}: ${m.note ?? '(no note)'}`
    counts.set(label, (counts.get(label) ?? 0) + 1)
  }
  return [...counts].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
}
