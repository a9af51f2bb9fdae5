import { codeAt, hasContextBefore, isDigit, isWordChar } from '../chars'
import { countryCallingCode, isNanpNumber } from '../country-codes'
import type { Finding } from '../types'
import type { DigitRuns } from './digit-runs'

interface PhoneGroup {
  start: number
  end: number
  digits: string
  /** Separator written before the group: '', ' ', '-', '.'. */
  sep: string
  paren: boolean
}

// Enough digits to see that a number is longer than any phone number (E.164 allows 15).
const MAX_READ_DIGITS = 17
const PHONE_CONTEXT = [
  'phone',
  'tel',
  'mobile',
  'cell',
  'call',
  'fax',
  'sms',
  'whatsapp',
  'text me',
  'contact',
  'reach me',
]

/**
 * Phone numbers in three shapes, each validated rather than guessed from digit count:
 * - international: `+` and a real country calling code, 9-15 digits (`+1` must be a NANP number);
 * - North American: `(415) 555-0132`, `415-555-0132`, `1-800-555-0199`, area code and exchange 2-9;
 * - national with trunk prefix 0: `09-7625400`, `020 7123 4567` (9-11 digits, not SSN-shaped).
 * Bare 10/11-digit NANP numbers count only after a word like "phone" or "call".
 */
export function detectPhones(text: string, runs: DigitRuns): Finding[] {
  const out: Finding[] = []
  const { starts, ends } = runs
  let floor = 0
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k] as number
    if (at < floor) continue
    const found = phoneAt(text, at, (ends[k] as number) - at)
    if (found) {
      out.push(found)
      floor = found.end
    }
  }
  return out
}

/** Tries the shapes that can start with the digit run at `at`; most runs are rejected on length. */
function phoneAt(text: string, at: number, length: number): Finding | null {
  const prev = codeAt(text, at - 1)
  if (prev === 43) return international(text, at - 1)
  const trunk = text.charCodeAt(at) === 48 && length >= 2 && length <= 5
  const from = prev === 40 ? at - 1 : at
  const nanp = length === 3 || (length === 1 && prev !== 40 && text.charCodeAt(at) === 49)
  const found = (nanp ? northAmerican(text, from) : null) ?? (trunk ? national(text, from) : null)
  if (found || prev === 40) return found
  return length === 10 || length === 11 ? bareWithContext(text, at, at + length) : null
}

function international(text: string, plus: number): Finding | null {
  const before = codeAt(text, plus - 1)
  if (isWordChar(before) || before === 43 || before === 41) return null
  const groups = consistent(readGroups(text, plus + 1))
  const first = groups[0]
  if (!first || first.paren) return null
  const all = groups.map((g) => g.digits).join('')
  const cc = countryCallingCode(all)
  if (cc === null) return null
  let digits = ''
  let last = -1
  for (let k = 0; k < groups.length; k++) {
    const next = digits + (groups[k] as PhoneGroup).digits
    if (next.length > 15) break
    digits = next
    last = k
    if (cc === '1' && digits.length >= 11) break
  }
  if (last === -1) return null
  if (cc === '1') {
    if (digits.length !== 11 || !isNanpNumber(digits.slice(1))) return null
  } else if (digits.length < 9 || digits.length - cc.length < 6) {
    return null
  }
  const end = (groups[last] as PhoneGroup).end
  if (isWordChar(codeAt(text, end))) return null
  return { type: 'phone', start: plus, end }
}

function northAmerican(text: string, start: number): Finding | null {
  if (continuesNumberLeft(text, start)) return null
  let groups = readGroups(text, start)
  // Optional leading country code 1: `1-800-555-0199`, `1 (800) 555-0199`.
  if (groups[0]?.digits === '1' && !groups[0].paren && groups.length >= 4) groups = groups.slice(1)
  const [area, exchange, line] = groups as [PhoneGroup?, PhoneGroup?, PhoneGroup?]
  if (!area || !exchange || !line) return null
  if (area.digits.length !== 3 || exchange.digits.length !== 3 || line.digits.length !== 4) return null
  if (exchange.paren || line.paren) return null
  // `(415) 555-0132` mixes separators; without parentheses they must agree (`415-555-0132`).
  if (area.paren ? exchange.sep === '.' : exchange.sep !== line.sep) return null
  if (!isNanpNumber(area.digits + exchange.digits + line.digits)) return null
  if (continuesNumberRight(text, line.end)) return null
  return { type: 'phone', start, end: line.end }
}

function national(text: string, start: number): Finding | null {
  if (continuesNumberLeft(text, start)) return null
  const groups = consistent(readGroups(text, start))
  const first = groups[0]
  if (!first || !/^0[1-9]\d{0,3}$/.test(first.digits) || groups.length < 2) return null
  const lengths = groups.map((g) => g.digits.length)
  const total = lengths.reduce((a, b) => a + b, 0)
  if (total < 9 || total > 11) return null
  if (groups.length === 2 && (lengths[1] as number) < 6) return null
  if (groups.length > 2 && lengths.slice(1).some((n) => n < 2)) return null
  if (lengths.join('-') === '3-2-4') return null
  const last = groups[groups.length - 1] as PhoneGroup
  if (continuesNumberRight(text, last.end)) return null
  return { type: 'phone', start, end: last.end }
}

function bareWithContext(text: string, start: number, end: number): Finding | null {
  const digits = text.slice(start, end)
  const national = digits.length === 11 && digits[0] === '1' ? digits.slice(1) : digits
  if (national.length !== 10 || !isNanpNumber(national)) return null
  if (continuesNumberLeft(text, start) || continuesNumberRight(text, end)) return null
  if (!hasContextBefore(text, start, PHONE_CONTEXT, 30)) return null
  return { type: 'phone', start, end }
}

/**
 * Digit groups from `at`: runs of digits or `(digits)`, joined by one space, hyphen or dot (or
 * nothing after a closing parenthesis). Reads at most MAX_READ_DIGITS digits.
 */
function readGroups(text: string, at: number): PhoneGroup[] {
  const groups: PhoneGroup[] = []
  let i = at
  let sep = ''
  let total = 0
  while (i < text.length && total <= MAX_READ_DIGITS) {
    const paren = text.charCodeAt(i) === 40
    const digitsStart = paren ? i + 1 : i
    let j = digitsStart
    while (j < text.length && j - digitsStart < MAX_READ_DIGITS && isDigit(text.charCodeAt(j))) j++
    if (j === digitsStart) break
    let end = j
    if (paren) {
      if (codeAt(text, j) !== 41 || j - digitsStart > 5) break
      end = j + 1
    }
    groups.push({ start: i, end, digits: text.slice(digitsStart, j), sep, paren })
    total += j - digitsStart
    const c = codeAt(text, end)
    const next = codeAt(text, end + 1)
    if ((c === 32 || c === 45 || c === 46) && (isDigit(next) || (c === 32 && next === 40))) {
      sep = text[end] as string
      i = end + 1
    } else if (paren && isDigit(c)) {
      sep = ''
      i = end
    } else {
      break
    }
  }
  return groups
}

/**
 * Cuts the groups where the separator changes (`2024-05-01 12` is a date and a number, not one
 * phone number). Separators next to the first group or a parenthesized group may differ.
 */
function consistent(groups: PhoneGroup[]): PhoneGroup[] {
  let established: string | null = null
  for (let k = 2; k < groups.length; k++) {
    const g = groups[k] as PhoneGroup
    if (g.paren || (groups[k - 1] as PhoneGroup).paren) continue
    if (established === null) established = g.sep
    else if (g.sep !== established) return groups.slice(0, k)
  }
  return groups
}

function continuesNumberLeft(text: string, start: number): boolean {
  const c = codeAt(text, start - 1)
  if (isWordChar(c) || c === 43) return true
  return (
    (c === 32 || c === 45 || c === 46 || c === 44 || c === 58 || c === 47) && isDigit(codeAt(text, start - 2))
  )
}

function continuesNumberRight(text: string, end: number): boolean {
  const c = codeAt(text, end)
  if (isWordChar(c)) return true
  return (
    (c === 32 || c === 45 || c === 46 || c === 44 || c === 58 || c === 47) && isDigit(codeAt(text, end + 1))
  )
}
