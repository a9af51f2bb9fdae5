// Folding of Unicode variants for detection: invisible characters, space and dash variants,
// full-width forms, other scripts' digits and other NFKC compatibility forms.

import { codeAt, isWordChar } from './chars'
import type { ViewSink } from './view-sink'

/**
 * Folds a code point that needs no NFKC table, or returns null: invisible characters vanish, space
 * and dash variants become ASCII, full-width ASCII becomes ASCII.
 */
function quickFold(cp: number): string | null {
  if (cp === 0xad || cp === 0x180e || cp === 0xfeff) return ''
  if (cp >= 0x200b && cp <= 0x200f) return ''
  if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2060 && cp <= 0x2064) || (cp >= 0x2066 && cp <= 0x2069))
    return ''
  if (
    cp === 0xa0 ||
    cp === 0x1680 ||
    (cp >= 0x2000 && cp <= 0x200a) ||
    cp === 0x202f ||
    cp === 0x205f ||
    cp === 0x3000
  )
    return ' '
  if (cp === 0x2028 || cp === 0x2029) return '\n'
  if ((cp >= 0x2010 && cp <= 0x2015) || cp === 0x2212 || cp === 0xfe58 || cp === 0xfe63 || cp === 0xff0d)
    return '-'
  if (cp >= 0xff01 && cp <= 0xff5e) return String.fromCharCode(cp - 0xfee0)
  return null
}

// Decimal digits of any script (`٤١١١`, `४१११`): NFKC keeps them, detectors read ASCII digits.
const DECIMAL_DIGIT = /\p{Nd}/u

/** Unicode lays out every script's digits 0-9 in order, in blocks of ten (a few blocks abut). */
function digitValue(cp: number): number {
  let zero = cp
  while (cp - zero < 50 && DECIMAL_DIGIT.test(String.fromCodePoint(zero - 1))) zero--
  return (cp - zero) % 10
}

// NFKC per character is slow (a native call and allocations); texts repeat the same few characters.
const FOLDED = new Map<number, string>()
const MAX_FOLDED = 4096

/** The detection form of one code point: quick folds, else NFKC with its result folded again. */
export function foldCodePoint(cp: number): string {
  const quick = quickFold(cp)
  if (quick !== null) return quick
  const known = FOLDED.get(cp)
  if (known !== undefined) return known
  let folded = ''
  for (const c of String.fromCodePoint(cp).normalize('NFKC')) {
    const unit = c.codePointAt(0) as number
    folded += quickFold(unit) ?? (DECIMAL_DIGIT.test(c) ? String(digitValue(unit)) : c)
  }
  if (FOLDED.size >= MAX_FOLDED) FOLDED.clear()
  FOLDED.set(cp, folded)
  return folded
}

/**
 * A run of non-ASCII characters at `at`. Most runs (accented words, CJK text) are stable under
 * NFKC and are kept with one native check; only characters that change are replaced.
 */
export function foldRun(text: string, at: number, out: ViewSink): number {
  let end = at
  while (end < text.length && text.charCodeAt(end) >= 128) end++
  let quick = false
  for (let i = at; i < end; i++) {
    if (quickFold(text.charCodeAt(i)) !== null) {
      quick = true
      break
    }
  }
  const run = text.slice(at, end)
  if (!quick && !DECIMAL_DIGIT.test(run) && run.normalize('NFKC') === run) return end
  for (let i = at; i < end; ) {
    const cp = text.codePointAt(i) as number
    const width = cp > 0xffff ? 2 : 1
    const folded = foldCodePoint(cp)
    if (folded !== text.slice(i, i + width)) {
      // A space or dash only joins or splits where it touches a word: ` – ` in prose does neither.
      const separator = folded === ' ' || folded === '-' || folded === '\n'
      const touchesWord = isWordChar(codeAt(text, i - 1)) || isWordChar(codeAt(text, i + width))
      out.replace(i, i + width, folded, !separator || touchesWord)
    }
    i += width
  }
  return end
}
