import { type CountryCode, parsePhoneNumberFromString } from 'libphonenumber-js/max'
import { isDigit } from '../chars'
import { hasTypeShape, mainRegion, type NumberingPlan, numberingPlan } from '../numbering-plans'

interface NationalReading {
  valid: boolean
  mobile: boolean
  /** National significant number. */
  nsn: string
  /** Digits of the region's own national format (with its trunk prefix where it writes one). */
  national: string
  /** Where that format breaks the digits into groups: `(415) 555-0132` → 3, 6. */
  breaks: number[]
}

// Library results per candidate, shared by all texts: a repeated number is parsed once.
const CACHE_LIMIT = 4096
const internationalCache = new Map<string, boolean>()
const nationalCache = new Map<string, NationalReading | null>()

function remember<V>(cache: Map<string, V>, key: string, value: V): V {
  if (cache.size >= CACHE_LIMIT) cache.clear()
  cache.set(key, value)
  return value
}

// Library calls allowed per text: one per 64 characters on top of a base that no prompt-sized
// text reaches. A parse costs 5-20 µs, so a text crafted to be nothing but distinct phone-like
// numbers costs at most ~0.3 s per MB; past the budget, candidates are judged by their shape
// alone (length, leading digits, the region's number pattern), which errs towards redacting.
const BASE_BUDGET = 256
const CHARS_PER_CALL = 64

/**
 * Decides, with libphonenumber's `max` metadata, whether a candidate digit string is a phone
 * number, for one text: it owns that text's budget of library calls.
 */
export class PhoneValidator {
  private budget: number

  constructor(textLength: number) {
    this.budget = BASE_BUDGET + Math.floor(textLength / CHARS_PER_CALL)
  }

  /** `digits` after `+`: a valid number, or the shape of one in a plan with trunk prefix 0. */
  international(digits: string): boolean {
    const cached = internationalCache.get(digits)
    if (cached !== undefined) return cached
    if (this.budget <= 0) return internationalShape(digits)
    this.budget--
    return remember(internationalCache, digits, checkInternational(digits))
  }

  /**
   * `digits` written nationally in `region`, cut into groups at `cuts` (digit counts): valid
   * there and written as the region writes numbers. `strict` (a bare run with no keyword before
   * it) only accepts mobile numbers written exactly in the region's national format.
   */
  national(digits: string, cuts: readonly number[], region: CountryCode, strict: boolean): boolean {
    const plan = numberingPlan(region)
    const prefix = plan.nationalPrefix
    const trunk = prefix !== '' && digits.startsWith(prefix)
    const nsn = trunk ? digits.slice(prefix.length) : digits
    // Cheap rejection before the library: no national number of this length and shape.
    if (!fitsPlan(plan, nsn) && !(trunk && fitsPlan(plan, digits))) return false
    const key = `${region}:${digits}`
    let reading = nationalCache.get(key)
    if (reading === undefined) {
      if (this.budget <= 0) return hasTypeShape(plan, nsn, strict ? 'mobile' : 'any')
      this.budget--
      reading = remember(nationalCache, key, readNational(digits, region))
    }
    return reading !== null && acceptsNational(plan, reading, digits, cuts, trunk, strict)
  }
}

function fitsPlan(plan: NumberingPlan, nsn: string): boolean {
  return plan.possibleLengths.has(nsn.length) && plan.shape.test(nsn)
}

function checkInternational(digits: string): boolean {
  const number = parsePhoneNumberFromString(`+${digits}`)
  if (!number) return false
  if (number.isValid()) return true
  const region = number.country ?? mainRegion(number.countryCallingCode)
  if (!region || !number.isPossible()) return false
  const plan = numberingPlan(region)
  return plan.nationalPrefix === '0' && hasTypeShape(plan, number.nationalNumber, 'any')
}

/** Without the library: a country calling code and a mobile or fixed-line shape after it. */
function internationalShape(digits: string): boolean {
  for (let length = 1; length <= 3; length++) {
    const region = mainRegion(digits.slice(0, length))
    if (region) return hasTypeShape(numberingPlan(region), digits.slice(length), 'any')
  }
  return false
}

function readNational(digits: string, region: CountryCode): NationalReading | null {
  const number = parsePhoneNumberFromString(digits, region)
  const formatted = number?.formatNational()
  if (!number || !formatted) return null
  return {
    valid: number.isValid(),
    mobile: number.getType() === 'MOBILE',
    nsn: number.nationalNumber,
    national: formatted.replace(/\D/g, ''),
    breaks: groupBreaks(formatted),
  }
}

/** Digit counts at which `formatted` puts a separator. */
function groupBreaks(formatted: string): number[] {
  const breaks: number[] = []
  let count = 0
  for (let i = 0; i < formatted.length; i++) {
    if (isDigit(formatted.charCodeAt(i))) count++
    else if (count > 0 && isDigit(formatted.charCodeAt(i - 1))) breaks.push(count)
  }
  return breaks
}

function acceptsNational(
  plan: NumberingPlan,
  reading: NationalReading,
  digits: string,
  cuts: readonly number[],
  trunk: boolean,
  strict: boolean,
): boolean {
  const prefix = plan.nationalPrefix
  const canonical = reading.national === digits
  if (strict) {
    if (!canonical) return false
    return (
      reading.mobile ||
      (!reading.valid && prefix === '0' && trunk && hasTypeShape(plan, reading.nsn, 'mobile'))
    )
  }
  // `1-800-555-0199` adds the trunk prefix the national format leaves out; `98765 43210` drops
  // the one it writes, which only mobile numbers are written without.
  let shift: number
  if (canonical) shift = 0
  else if (trunk && digits === prefix + reading.nsn) shift = prefix.length
  else if (digits === reading.nsn && reading.mobile) shift = -(reading.national.length - digits.length)
  else return false
  // Without a trunk prefix 0 the digits alone say little (`555-123-4567` is a valid Brazilian
  // number written `(55) 5123-4567`): the grouping must be the region's own, groups may merge.
  if (!(trunk && prefix === '0')) {
    const allowed = new Set(reading.breaks.map((b) => b + shift))
    if (shift > 0) allowed.add(shift)
    if (cuts.some((c) => !allowed.has(c))) return false
  }
  if (reading.valid) return true
  return prefix === '0' && trunk && hasTypeShape(plan, reading.nsn, 'any')
}
