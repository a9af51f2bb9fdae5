import { codeAt, isDigit, isWordChar } from '../chars'
import { followsEscape } from './escapes'

/**
 * The maximal runs of ASCII digits that can belong to a card, SSN or phone number, as parallel
 * start/end arrays in text order.
 */
export interface DigitRuns {
  starts: number[]
  ends: number[]
}

// Digits joined by at most three of the characters that can sit between the groups of one number
// (`) (`, `) `, ` `, `-`, `.`), seven digits or more: the fewest any of the three detectors accepts
// (phone 7, SSN 9, card 13). No alternative overlaps another, so a failed try gives up after a
// bounded number of steps and the scan stays linear.
const NUMBER_CLUSTER = /\d(?:[(). -]{0,3}\d){6,}/g

/**
 * One pass over the text shared by the card, SSN and phone detectors. Only runs inside clusters of
 * seven digits or more are returned: a chain of groups (card, SSN) or the groups a phone number is
 * read from never reach past a cluster, so shorter clusters (`2.4.1`, `10:30`, `12.5%`, the bulk of
 * the digits in prose) can hold nothing and are skipped by the native scan.
 */
export function findDigitRuns(text: string): DigitRuns {
  const starts: number[] = []
  const ends: number[] = []
  NUMBER_CLUSTER.lastIndex = 0
  for (let m = NUMBER_CLUSTER.exec(text); m !== null; m = NUMBER_CLUSTER.exec(text)) {
    const stop = NUMBER_CLUSTER.lastIndex
    let i = m.index
    if (isGluedSingleRun(text, i, stop) || isIsoDate(text, i, stop)) continue
    while (i < stop) {
      const start = i
      while (i < stop && isDigit(text.charCodeAt(i))) i++
      starts.push(start)
      ends.push(i)
      while (i < stop && !isDigit(text.charCodeAt(i))) i++
    }
  }
  return { starts, ends }
}

/**
 * Whether the cluster [start, stop) is one run of digits glued to a word: ids and digests
 * (`1Z999AA10123456784`, the digits inside a hex hash) are most of the clusters in prose, and none
 * of the three detectors takes one. Cards and SSNs reject a first run glued left and a last run
 * glued right (`gluedLeft`, `gluedRight`); phone numbers reject a run after a word character that
 * is not a `\n`-style escape, and any number whose last group is followed by one.
 */
function isGluedSingleRun(text: string, start: number, stop: number): boolean {
  // The two neighbours first: a long unglued run (a megabyte of digits) is not walked twice.
  const glued =
    isWordChar(codeAt(text, stop)) || (isWordChar(codeAt(text, start - 1)) && !followsEscape(text, start))
  if (!glued) return false
  let i = start
  while (i < stop && isDigit(text.charCodeAt(i))) i++
  return i === stop
}

/**
 * Whether the cluster [start, stop) is a date written `2024-03-15`, the most common cluster in logs
 * and prompts, not after `+` or `(`. Its 4-2-2 grouping is no card or SSN grouping, the phone
 * detector takes it for a date (`isOtherGrouping`), and its later groups continue a number.
 */
function isIsoDate(text: string, start: number, stop: number): boolean {
  if (stop - start !== 10 || text.charCodeAt(start + 4) !== 45 || text.charCodeAt(start + 7) !== 45)
    return false
  const before = codeAt(text, start - 1)
  if (before === 43 || before === 40) return false
  for (const k of [0, 1, 2, 3, 5, 6, 8, 9]) if (!isDigit(text.charCodeAt(start + k))) return false
  return true
}

/**
 * Visits chains of runs joined by exactly one separator from `separators` (`4111 1111 1111 1111`,
 * `078-05-1123`) as index ranges [first, last] into `runs`.
 */
export function forEachDigitChain(
  text: string,
  runs: DigitRuns,
  separators: string,
  visit: (first: number, last: number) => void,
): void {
  const { starts, ends } = runs
  let first = 0
  for (let k = 1; k <= starts.length; k++) {
    const joined =
      k < starts.length &&
      (starts[k] as number) === (ends[k - 1] as number) + 1 &&
      separators.includes(text[ends[k - 1] as number] as string)
    if (!joined) {
      if (k > first) visit(first, k - 1)
      first = k
    }
  }
}

/** How many digits run `k` has. */
export function runLength(runs: DigitRuns, k: number): number {
  return (runs.ends[k] as number) - (runs.starts[k] as number)
}

/** The separator written before run `k` of a chain. */
export function separatorBefore(text: string, runs: DigitRuns, k: number): string {
  return text[(runs.ends[k - 1] as number) ?? -1] ?? ''
}

/**
 * Whether a number starting at `start` is glued to what precedes it: a letter or digit, or a
 * decimal point or slash right after a digit (`3.4111…`, `12/26`). A comma or colon after a digit
 * does not glue: card and SSN groups are never the 3-digit thousands group of `$4,111` or the
 * 2-digit field of `10:30`, so after one they are a CSV column (`42,4111…`) or follow a time.
 */
export function gluedLeft(text: string, start: number): boolean {
  const c = codeAt(text, start - 1)
  if (isWordChar(c)) return true
  return (c === 46 || c === 47) && isDigit(codeAt(text, start - 2))
}

/** Mirror of `gluedLeft` for the character after a number ending at `end`. */
export function gluedRight(text: string, end: number): boolean {
  const c = codeAt(text, end)
  if (isWordChar(c)) return true
  return (c === 46 || c === 47) && isDigit(codeAt(text, end + 1))
}
