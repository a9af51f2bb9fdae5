import { codeAt, isDigit, isWordChar } from '../chars'

/** Every maximal run of ASCII digits, as parallel start/end arrays in text order. */
export interface DigitRuns {
  starts: number[]
  ends: number[]
}

const DIGIT = /\d/g

/**
 * One pass over the text shared by the card, SSN and phone detectors. A regex finds each run's
 * first digit (native scanning is several times faster than a JavaScript loop over every
 * character); the run is then extended by hand.
 */
export function findDigitRuns(text: string): DigitRuns {
  const starts: number[] = []
  const ends: number[] = []
  DIGIT.lastIndex = 0
  while (DIGIT.test(text)) {
    const start = DIGIT.lastIndex - 1
    let end = DIGIT.lastIndex
    for (let c = text.charCodeAt(end); c >= 48 && c <= 57; c = text.charCodeAt(end)) end++
    starts.push(start)
    ends.push(end)
    DIGIT.lastIndex = end
  }
  return { starts, ends }
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
