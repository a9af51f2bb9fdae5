import type { CountryCode } from 'libphonenumber-js/max'
import { codeAt, hasContextBefore, isDigit, isWordChar } from '../chars'
import { phoneRegions } from '../phone-regions'
import type { Finding } from '../types'
import type { DigitRuns } from './digit-runs'
import { followsEscape } from './escapes'
import { PhoneValidator } from './phone-validation'

interface PhoneGroup {
  start: number
  end: number
  /** Where the group's digits are: text.slice(digitsStart, digitsEnd), sliced only when needed. */
  digitsStart: number
  digitsEnd: number
  /** Separator written before the group: '', ' ', '-', '.'. */
  sep: string
  paren: boolean
}

// Enough digits to see that a number is longer than any phone number (E.164 allows 15).
const MAX_READ_DIGITS = 17
// The shortest number either reading accepts (`international` and `national` both ask 7).
const MIN_PHONE_DIGITS = 7
const E164_MAX_DIGITS = 15
// Words before a bare number that say it is a phone number, in the default regions' languages.
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
  'dial',
  'handy',
  'mobil',
  'portable',
  'celular',
  'téléphone',
  '手机',
  '电话',
  '電話',
  '携帯',
  'טלפון',
  'נייד',
]
// Words that make a bare ten-digit mobile number likely enough ("my number is 0501234567") but,
// unlike the words above, also precede order and account numbers: mobiles only.
const NUMBER_CONTEXT = ['number', 'nummer', 'numéro', 'número', 'מספר', '号码']

/**
 * Phone numbers, found in two steps: the shared digit-run scan proposes candidates (a run and the
 * groups written after it, at most 17 digits), and libphonenumber's `max` metadata decides:
 * - `+` or `00` and a country code: any country, a valid number (or the shape of one, below);
 * - national formats of the configured regions (`phoneRegions()`): written the way the region
 *   writes its numbers (trunk prefix where it uses one), and valid there;
 * - a bare digit run without a word like "phone" or "call" before it only as a national mobile
 *   number written as the region writes it, of eleven digits or more (`07700900123`,
 *   `13812345678`), or ten after a word like "number": shorter bare runs are as often order
 *   numbers, timestamps or ids.
 * Numbers the library does not list as allocated (fiction ranges like 07700 900xxx, unassigned
 * blocks like 050-1xx) still count when written with the trunk prefix 0 or a `+`, in a length and
 * leading digit of the region's mobile or fixed-line numbers.
 * Library calls only happen for candidates that pass cheap length, grouping and shape checks,
 * are cached, and are budgeted per text (see PhoneValidator), so the detector stays linear with
 * a bounded cost per digit run.
 */
export function detectPhones(
  text: string,
  runs: DigitRuns,
  regions: readonly CountryCode[] = phoneRegions(),
): Finding[] {
  const out: Finding[] = []
  const { starts, ends } = runs
  const validator = new PhoneValidator(text.length)
  let floor = 0
  for (let k = 0; k < starts.length; k++) {
    const at = starts[k] as number
    if (at < floor) continue
    const found = phoneAt(text, at, (ends[k] as number) - at, regions, validator)
    if (found) {
      out.push(found)
      floor = found.end
    }
  }
  return out
}

function phoneAt(
  text: string,
  at: number,
  length: number,
  regions: readonly CountryCode[],
  validator: PhoneValidator,
): Finding | null {
  const prev = codeAt(text, at - 1)
  if (prev === 43) {
    const groups = readGroups(text, at)
    return digitCount(groups) < MIN_PHONE_DIGITS ? null : international(text, at - 1, groups, 0, validator)
  }
  const start = prev === 40 ? at - 1 : at
  if (continuesNumberLeft(text, start)) return null
  // Most digit runs in prose are short numbers on their own (`12%`, `3 of 5`): shorter than any
  // phone number and not followed by another group, so there is nothing to read.
  const end = at + length
  if (length < 7 && prev !== 40 && !continuesNumberRight(text, end) && !text.startsWith(' (', end))
    return null
  // Dates, times, versions and prices (`2024-03-15`, `10:30`, `2.4.1`) reach this point; fewer
  // than seven digits in the groups can be no phone number. The groups are read once, here: a
  // count-only pass before them (to spare the short ones an array) cost more than it saved.
  const groups = readGroups(text, start)
  if (digitCount(groups) < MIN_PHONE_DIGITS) return null
  // `00` is the international call prefix in most of the world (`0044 20 7123 4567`).
  if (prev !== 40 && length >= 2 && text.startsWith('00', at))
    return international(text, at, groups, 2, validator)
  return national(text, start, groups, regions, validator)
}

/** `+<digits>` from `start` (the `+`, or the `00`), with `skip` prefix digits before the country code. */
function international(
  text: string,
  start: number,
  groups: PhoneGroup[],
  skip: number,
  validator: PhoneValidator,
): Finding | null {
  const before = codeAt(text, start - 1)
  if ((isWordChar(before) && !followsEscape(text, start)) || before === 43 || before === 41) return null
  // Separators may change inside an international number (`+7 912 345-67-89`); the country code
  // and the library's validation are evidence enough.
  if (!groups[0] || groups[0].paren) return null
  // The longest run of groups within E.164's 15 digits first, then shorter ones: a number can be
  // followed by other digits (`+1 415 555 0132 7788`).
  const prefixes: Array<{ digits: string; end: number }> = []
  let digits = ''
  for (let k = 0; k < groups.length; k++) {
    const g = groups[k] as PhoneGroup
    // `+44 (0)20 …`: the trunk prefix in parentheses is not dialled from abroad.
    if (k === 1 && g.paren && digitLength(g) === 1 && text.charCodeAt(g.digitsStart) === 48) continue
    digits += text.slice(g.digitsStart, g.digitsEnd)
    if (digits.length - skip > E164_MAX_DIGITS) break
    prefixes.push({ digits: digits.slice(skip), end: g.end })
  }
  // At most three tries, so a long chain of digit groups costs a bounded number of validations.
  for (let p = prefixes.length - 1, tries = 0; p >= 0 && tries < 3; p--) {
    const { digits, end } = prefixes[p] as { digits: string; end: number }
    if (digits.length < 7) break
    if (isWordChar(codeAt(text, end))) continue
    tries++
    if (validator.international(digits)) return { type: 'phone', start, end }
  }
  return null
}

function national(
  text: string,
  start: number,
  read: PhoneGroup[],
  regions: readonly CountryCode[],
  validator: PhoneValidator,
): Finding | null {
  const groups = consistent(read)
  const last = groups[groups.length - 1]
  if (!last || continuesNumberRight(text, last.end)) return null
  // Length and grouping first: most candidates that get here (dates, cards, SSNs, addresses) fail
  // one of them, and neither needs the digits joined.
  const count = digitCount(groups)
  if (count < 7 || count > 13 || isOtherGrouping(groups)) return null
  const digits = joinDigits(text, groups)
  const bare = groups.length === 1
  // Unformatted digits need a keyword before them, or must be unmistakably a mobile number. Ten
  // bare digits are as often ids, timestamps or a mistyped SSN as a phone (`0780511201` is a valid
  // French mobile, `9876543210` an Indian and a Brazilian one) unless a word like "number" comes
  // before them; written without spaces, the mobiles of most default regions have eleven
  // (`07700900123`, `13812345678`, `01701234567`).
  const strict = bare && !hasContextBefore(text, start, PHONE_CONTEXT, 30)
  const minimum = strict && !hasContextBefore(text, start, NUMBER_CONTEXT, 30) ? 11 : 10
  if (strict && digits.length < minimum) return null
  // Digit counts at which the candidate is cut into groups.
  const cuts: number[] = []
  for (let k = 0, at = 0; k < groups.length - 1; k++) {
    at += digitLength(groups[k] as PhoneGroup)
    cuts.push(at)
  }
  for (const region of regions) {
    if (validator.national(digits, cuts, region, strict)) return { type: 'phone', start, end: last.end }
  }
  return null
}

/**
 * Groupings that mean something else: dates (`2024-03-15`, `15.03.2024`), SSNs (3-2-4), postal
 * codes (US ZIP+4 `94105-1234`, Brazilian CEP `01310-100`), and any one-digit group after the
 * first (ISBNs `0-306-40615-2`, version strings).
 */
function isOtherGrouping(groups: PhoneGroup[]): boolean {
  const n = groups.length
  if (n < 2) return false
  // Read from the lengths alone, without building a shape string: this runs for every date in
  // the text.
  for (let k = 1; k < n; k++) if (lengthOf(groups, k) === 1) return true
  const a = lengthOf(groups, 0)
  const b = lengthOf(groups, 1)
  if (n === 3 && a === 3 && b === 2 && lengthOf(groups, 2) === 4) return true
  if (n === 2 && a === 5 && (b === 4 || b === 3) && (groups[1] as PhoneGroup).sep === '-') return true
  if (n !== 3 || groups[0]?.paren || groups[1]?.paren || groups[2]?.paren) return false
  const c = lengthOf(groups, 2)
  return (a === 4 && b <= 2 && c <= 2) || (a <= 2 && b <= 2 && (c === 4 || c === 2))
}

const digitLength = (g: PhoneGroup): number => g.digitsEnd - g.digitsStart
const lengthOf = (groups: PhoneGroup[], k: number): number => digitLength(groups[k] as PhoneGroup)

function digitCount(groups: PhoneGroup[]): number {
  let n = 0
  for (const g of groups) n += digitLength(g)
  return n
}

function joinDigits(text: string, groups: PhoneGroup[]): string {
  let digits = ''
  for (const g of groups) digits += text.slice(g.digitsStart, g.digitsEnd)
  return digits
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
    groups.push({ start: i, end, digitsStart, digitsEnd: j, sep, paren })
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
  if (c === 43) return true
  if (isWordChar(c)) return !followsEscape(text, start)
  if (c === 44) return isDigit(codeAt(text, start - 2)) && isThousandsSplit(text, start - 1)
  return (c === 32 || c === 45 || c === 46 || c === 58 || c === 47) && isDigit(codeAt(text, start - 2))
}

function continuesNumberRight(text: string, end: number): boolean {
  const c = codeAt(text, end)
  if (isWordChar(c)) return true
  if (c === 44) {
    // A thousands group or decimal part goes on; a longer run is the next field.
    const after = digitsFrom(text, end + 1, 1)
    return after >= 1 && after <= 3
  }
  return (c === 32 || c === 45 || c === 46 || c === 58 || c === 47) && isDigit(codeAt(text, end + 1))
}

/**
 * Whether the comma at `comma` sits inside one number (`1,234`, `12,345,678`): 1-3 digits before
 * it and exactly three after. Otherwise digits on both sides are fields of a CSV row or a list
 * (`4432,089 9292918,2026-05-10`), and a phone number may start or end at the comma.
 */
function isThousandsSplit(text: string, comma: number): boolean {
  return digitsFrom(text, comma - 1, -1) <= 3 && digitsFrom(text, comma + 1, 1) === 3
}

/** How many digits run from `i` in direction `step`, counting at most four. */
function digitsFrom(text: string, i: number, step: 1 | -1): number {
  let n = 0
  while (n < 4 && isDigit(codeAt(text, i + n * step))) n++
  return n
}
