import { type Finding, REDACTION_TYPES, type RedactionType } from './types'

/** One labeled line of a PII data set (`pii-dev.jsonl`). */
export interface LabeledExample {
  text: string
  spans: Array<{ type: RedactionType; start: number; end: number; value?: string }>
  note?: string
}

export interface Score {
  /** Predicted spans that overlap a gold span of the same type. */
  truePositives: number
  predicted: number
  /** Gold spans overlapped by at least one predicted span of the same type. */
  goldFound: number
  /** Gold spans predicted with exactly their start and end (a stricter diagnostic, not scored). */
  goldExact: number
  gold: number
  precision: number
  recall: number
  f1: number
}

export interface Mistake {
  line: number
  kind: 'false_positive' | 'missed'
  type: RedactionType
  value: string
  note?: string
}

export interface Evaluation {
  perType: Record<RedactionType, Score>
  overall: Score
  mistakes: Mistake[]
}

export const MATCHING_RULE =
  'A predicted span is a true positive when it overlaps (shares at least one character with) a gold span of the same type; ' +
  'precision = such predicted spans / all predicted spans. A gold span is recalled when at least one predicted span of the ' +
  'same type overlaps it; recall = recalled gold spans / all gold spans. Overall figures are micro-averaged over all spans.'

const overlaps = (a: { start: number; end: number }, b: { start: number; end: number }) =>
  a.start < b.end && b.start < a.end

/** Scores a detector against labeled examples with the span-overlap rule in MATCHING_RULE. */
export function evaluate(examples: LabeledExample[], detect: (text: string) => Finding[]): Evaluation {
  const counts = new Map<RedactionType, Counts>()
  for (const t of REDACTION_TYPES) counts.set(t, { tp: 0, predicted: 0, found: 0, exact: 0, gold: 0 })
  const mistakes: Mistake[] = []
  examples.forEach((ex, index) => {
    const predicted = detect(ex.text)
    for (const p of predicted) {
      const c = counts.get(p.type)
      if (!c) continue
      c.predicted++
      if (ex.spans.some((g) => g.type === p.type && overlaps(g, p))) c.tp++
      else
        mistakes.push({
          line: index + 1,
          kind: 'false_positive',
          type: p.type,
          value: ex.text.slice(p.start, p.end),
          note: ex.note,
        })
    }
    for (const g of ex.spans) {
      const c = counts.get(g.type)
      if (!c) continue
      c.gold++
      if (predicted.some((p) => p.type === g.type && p.start === g.start && p.end === g.end)) c.exact++
      if (predicted.some((p) => p.type === g.type && overlaps(g, p))) c.found++
      else
        mistakes.push({
          line: index + 1,
          kind: 'missed',
          type: g.type,
          value: ex.text.slice(g.start, g.end),
          note: ex.note,
        })
    }
  })
  const perType = {} as Record<RedactionType, Score>
  const total: Counts = { tp: 0, predicted: 0, found: 0, exact: 0, gold: 0 }
  for (const [type, c] of counts) {
    perType[type] = score(c)
    total.tp += c.tp
    total.predicted += c.predicted
    total.found += c.found
    total.exact += c.exact
    total.gold += c.gold
  }
  return { perType, overall: score(total), mistakes }
}

interface Counts {
  tp: number
  predicted: number
  found: number
  exact: number
  gold: number
}

function score(c: Counts): Score {
  // With nothing predicted there is nothing wrong: precision 1. With nothing to find, recall 1.
  const precision = c.predicted === 0 ? 1 : c.tp / c.predicted
  const recall = c.gold === 0 ? 1 : c.found / c.gold
  const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall)
  return {
    truePositives: c.tp,
    predicted: c.predicted,
    goldFound: c.found,
    goldExact: c.exact,
    gold: c.gold,
    precision,
    recall,
    f1,
  }
}

/** Parses JSONL text into examples, skipping blank lines. */
export function parseLabeledExamples(jsonl: string): LabeledExample[] {
  return jsonl
    .split('\n')
    .filter((line) => line.trim().length > 0)
    .map((line) => JSON.parse(line) as LabeledExample)
}
