// Throughput of redact() on prompt-like text and on adversarial input.
// Run from the repo root: node --import tsx bench/redaction.ts [--json]
// --json: one JSON object of the figures (MB/s, CPU ms per call, findings) as the last line.
import { parseArgs } from 'node:util'
import { redact } from '@tokenledger/domain'
import { makeText } from './support/redaction-inputs'

const { values } = parseArgs({ options: { json: { type: 'boolean', default: false } } })
const MB = 1024 * 1024
const PATHOLOGICAL: Array<[string, string]> = [
  ['1 MB of digits', '7'.repeat(MB)],
  ['1 MB of "1." (dotted numbers)', '1.'.repeat(MB / 2)],
  ['1 MB of "@"', '@'.repeat(MB)],
  ['"a" x 1 MB then "@"', `${'a'.repeat(MB - 1)}@`],
  ['1 MB of "a@"', 'a@'.repeat(MB / 2)],
  ['1 MB of ":"', ':'.repeat(MB)],
  ['1 MB of "1:" (hex and colons)', '1:'.repeat(MB / 2)],
  ['1 MB of "1 " (digit groups)', '1 '.repeat(MB / 2)],
  ['1 MB of "+1 "', '+1 '.repeat(MB / 3)],
  ['-----BEGIN … PRIVATE KEY----- without END', '-----BEGIN RSA PRIVATE KEY-----\nMIIEow'.repeat(MB / 38)],
  ['1 MB of base64', 'QUJDRGFiY2QxMjM0K/'.repeat(MB / 18)],
  ['1 MB of "key=" / "token:"', 'api_key=token:'.repeat(MB / 14)],
  ['1 MB of "sk-"', 'sk-'.repeat(MB / 3)],
]

/**
 * Characters per second of CPU time (user + system) spent in redact(), best of five rounds. CPU
 * time and best-of keep the figure comparable on a machine shared with other work.
 */
function throughput(text: string, roundMs = 100): { mbPerSec: number; msPerCall: number } {
  // Warm for a fixed time, not a few calls: CPU time counts the JIT's threads, and the high-PII
  // paths take about half a second to compile and settle (same as bench/redaction-compare.ts).
  const warmStart = performance.now()
  for (let calls = 0; performance.now() - warmStart < 300 || calls < 3; calls++) redact(text)
  let best = Number.POSITIVE_INFINITY
  for (let round = 0; round < 5; round++) {
    let calls = 0
    const wallStart = performance.now()
    const cpuStart = process.cpuUsage()
    while (performance.now() - wallStart < roundMs || calls < 2) {
      redact(text)
      calls++
    }
    const cpu = process.cpuUsage(cpuStart)
    best = Math.min(best, (cpu.user + cpu.system) / 1000 / calls)
  }
  return { mbPerSec: text.length / MB / (best / 1000), msPerCall: best }
}

const rows: Array<[string, string, string, string]> = []
for (const [label, size] of [
  ['~2 KB', 2 * 1024],
  ['~100 KB', 100 * 1024],
] as const) {
  for (const [density, every] of [
    ['low PII (1 per ~2 KB)', 24],
    ['high PII (1 per ~150 B)', 1],
  ] as const) {
    const text = makeText(size, every)
    const { mbPerSec, msPerCall } = throughput(text)
    const findings = Object.values(redact(text).summary).reduce((a, b) => a + (b ?? 0), 0)
    rows.push([`${label}, ${density}`, mbPerSec.toFixed(1), msPerCall.toFixed(3), String(findings)])
  }
}
for (const [label, text] of PATHOLOGICAL) {
  const { mbPerSec, msPerCall } = throughput(text, 60)
  const findings = Object.values(redact(text).summary).reduce((a, b) => a + (b ?? 0), 0)
  rows.push([
    `${label} (${(text.length / MB).toFixed(2)} MB)`,
    mbPerSec.toFixed(1),
    msPerCall.toFixed(1),
    String(findings),
  ])
}

const header: [string, string, string, string] = ['input', 'MB/s', 'CPU ms/call', 'findings']
const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]?.length ?? 0)))
const line = (cells: string[]) =>
  `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i] ?? 0) : c.padStart(widths[i] ?? 0))).join(' | ')} |`
console.log(
  `redact() throughput, node ${process.version}: MB per CPU second, best of 5 rounds (MB = 2^20 characters)`,
)
console.log(line(header))
console.log(line(widths.map((w, i) => (i === 0 ? '-'.repeat(w) : `${'-'.repeat(w - 1)}:`))))
for (const r of rows) console.log(line(r))
if (values.json)
  console.log(
    JSON.stringify({
      bench: 'redaction',
      node: process.version,
      rows: rows.map(([input, mbPerSecond, cpuMsPerCall, findings]) => ({
        input,
        mbPerSecond: Number(mbPerSecond),
        cpuMsPerCall: Number(cpuMsPerCall),
        findings: Number(findings),
      })),
    }),
  )
