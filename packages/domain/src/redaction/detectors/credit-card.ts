import { isPlausibleCardNumber } from '../card-brands'
import type { Finding } from '../types'
import {
  type DigitRuns,
  forEachDigitChain,
  gluedLeft,
  gluedRight,
  runLength,
  separatorBefore,
} from './digit-runs'

const MIN_DIGITS = 13
const MAX_DIGITS = 19

/**
 * Card numbers written bare (`4111111111111111`) or in the usual groupings with one consistent
 * space or hyphen (4-4-4-4, 4-4-4-4-3, 4-6-5, 4-6-4). Each chain of digit groups is searched for
 * the longest valid window at each group, so a card followed by a CVV or preceded by another
 * number is still found; every window is checked against issuer prefix, length and Luhn.
 */
export function detectCreditCards(text: string, runs: DigitRuns): Finding[] {
  const out: Finding[] = []
  const { starts, ends } = runs
  forEachDigitChain(text, runs, ' -', (first, last) => {
    let k = first
    while (k <= last) {
      const end = cardEndingAt(text, runs, k, first, last)
      if (end === -1) {
        k++
        continue
      }
      out.push({ type: 'credit_card', start: starts[k] as number, end: ends[end] as number })
      k = end + 1
    }
  })
  return out
}

/** Index of the last run of the longest card starting at run `k`, or -1. */
function cardEndingAt(text: string, runs: DigitRuns, k: number, first: number, last: number): number {
  const firstLength = runLength(runs, k)
  // Every grouping starts with four digits; a bare card is one run of 13-19.
  if (firstLength !== 4 && (firstLength < MIN_DIGITS || firstLength > MAX_DIGITS)) return -1
  if (k === first && gluedLeft(text, runs.starts[k] as number)) return -1
  let end = k
  let digits = firstLength
  if (firstLength === 4) {
    const sep = k < last ? separatorBefore(text, runs, k + 1) : ''
    while (
      end < last &&
      separatorBefore(text, runs, end + 1) === sep &&
      digits + runLength(runs, end + 1) <= MAX_DIGITS
    ) {
      end++
      digits += runLength(runs, end)
    }
  }
  for (let j = end; j >= k; j--) {
    if (j === last && gluedRight(text, runs.ends[j] as number)) continue
    if (!isCardGrouping(runs, k, j)) continue
    let number = ''
    for (let g = k; g <= j; g++) number += text.slice(runs.starts[g], runs.ends[g])
    if (isPlausibleCardNumber(number)) return j
  }
  return -1
}

function isCardGrouping(runs: DigitRuns, k: number, j: number): boolean {
  if (j === k) return runLength(runs, k) >= MIN_DIGITS
  if (j === k + 2 && runLength(runs, k) === 4 && runLength(runs, k + 1) === 6)
    return runLength(runs, j) === 5 || runLength(runs, j) === 4
  for (let g = k; g < j; g++) if (runLength(runs, g) !== 4) return false
  return runLength(runs, j) >= 1 && runLength(runs, j) <= 4
}
