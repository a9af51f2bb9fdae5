import { type CountryCode, Metadata } from 'libphonenumber-js/core'
// The `max` build's own entry point exports no Metadata class under require(), so the core class
// is given the same `max` metadata explicitly.
import metadataJson from 'libphonenumber-js/max/metadata'

/**
 * What the phone detector needs to know about one region's numbering plan, read from
 * libphonenumber's `max` metadata once per region: the cheap checks that decide whether a
 * candidate is worth handing to the library, and the shape of mobile and fixed-line numbers for
 * numbers the library does not list as allocated (fiction ranges such as Ofcom's 07700 900xxx).
 */
export interface NumberingPlan {
  region: CountryCode
  /** Trunk prefix dialled before a national number (`0` in GB, `1` in the US), or ''. */
  nationalPrefix: string
  /** Lengths a national significant number can have. */
  possibleLengths: ReadonlySet<number>
  /** The region's overall national number shape (libphonenumber's general description). */
  shape: RegExp
  mobile: NumberTypeShape | null
  fixedLine: NumberTypeShape | null
}

export interface NumberTypeShape {
  lengths: ReadonlySet<number>
  /** Digits a number of this type can start with. */
  firstDigits: string
}

// The runtime Metadata API is richer than its published typings; this is the part we read.
interface TypeMetadata {
  pattern(): string
  possibleLengths(): number[] | undefined
}
interface PlanMetadata {
  nationalPrefix(): string | undefined
  nationalNumberPattern(): string
  possibleLengths(): number[]
  type(type: string): TypeMetadata | undefined
}

const plans = new Map<CountryCode, NumberingPlan>()

export function numberingPlan(region: CountryCode): NumberingPlan {
  let plan = plans.get(region)
  if (!plan) {
    plan = readPlan(region)
    plans.set(region, plan)
  }
  return plan
}

function readPlan(region: CountryCode): NumberingPlan {
  const metadata = new Metadata(metadataJson)
  metadata.selectNumberingPlan(region)
  const meta = metadata.numberingPlan as unknown as PlanMetadata
  const possibleLengths = new Set(meta.possibleLengths())
  return {
    region,
    nationalPrefix: meta.nationalPrefix() ?? '',
    possibleLengths,
    shape: new RegExp(`^(?:${meta.nationalNumberPattern()})$`),
    mobile: typeShape(meta.type('MOBILE'), possibleLengths),
    fixedLine: typeShape(meta.type('FIXED_LINE'), possibleLengths),
  }
}

function typeShape(type: TypeMetadata | undefined, fallbackLengths: Set<number>): NumberTypeShape | null {
  if (!type) return null
  return {
    // A type without its own lengths uses the region's.
    lengths: new Set(type.possibleLengths() ?? fallbackLengths),
    firstDigits: firstDigits(type.pattern()),
  }
}

const ALL_DIGITS = '0123456789'

/**
 * The digits a match of `pattern` (a libphonenumber number pattern: digits, `\d`, classes,
 * non-capturing groups, alternation, counted repeats) can start with. Anything it does not
 * understand yields every digit: over-approximating only makes the shape check more lenient.
 */
export function firstDigits(pattern: string): string {
  const found = new Set<string>()
  for (const alternative of splitTopLevel(pattern)) {
    for (const d of firstOfSequence(alternative)) found.add(d)
    if (found.size === 10) break
  }
  return [...found].sort().join('')
}

function firstOfSequence(sequence: string): string {
  const atom = firstAtom(sequence)
  if (atom === null) return ALL_DIGITS
  // An atom that may be skipped (`?`, `*`, `{0,…}`) lets the next one come first: give up.
  const after = sequence[atom.length]
  if (after === '?' || after === '*' || sequence.startsWith('{0', atom.length)) return ALL_DIGITS
  if (atom === '\\d') return ALL_DIGITS
  if (/^\d$/.test(atom)) return atom
  if (atom.startsWith('[')) return expandClass(atom.slice(1, -1))
  if (atom.startsWith('(?:')) return firstDigits(atom.slice(3, -1))
  return ALL_DIGITS
}

/** The first atom of a sequence: a digit, `\d`, a class or a whole group; null if unknown. */
function firstAtom(sequence: string): string | null {
  const c = sequence[0]
  if (c === undefined) return null
  if (/\d/.test(c)) return c
  if (sequence.startsWith('\\d')) return '\\d'
  if (c === '[') {
    const close = sequence.indexOf(']')
    return close === -1 ? null : sequence.slice(0, close + 1)
  }
  if (sequence.startsWith('(?:')) {
    let depth = 0
    for (let i = 0; i < sequence.length; i++) {
      if (sequence[i] === '(') depth++
      else if (sequence[i] === ')' && --depth === 0) return sequence.slice(0, i + 1)
    }
  }
  return null
}

function expandClass(body: string): string {
  if (body.startsWith('^')) return ALL_DIGITS
  let out = ''
  for (let i = 0; i < body.length; i++) {
    const from = body[i] as string
    if (body[i + 1] === '-' && i + 2 < body.length) {
      const to = body[i + 2] as string
      for (let d = from.charCodeAt(0); d <= to.charCodeAt(0); d++) out += String.fromCharCode(d)
      i += 2
    } else {
      out += from
    }
  }
  return /^\d*$/.test(out) && out.length > 0 ? out : ALL_DIGITS
}

/** `a|b(?:c|d)|e` → `a`, `b(?:c|d)`, `e`. */
function splitTopLevel(pattern: string): string[] {
  const parts: string[] = []
  let depth = 0
  let inClass = false
  let from = 0
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]
    if (c === '\\') i++
    else if (inClass) inClass = c !== ']'
    else if (c === '[') inClass = true
    else if (c === '(') depth++
    else if (c === ')') depth--
    else if (c === '|' && depth === 0) {
      parts.push(pattern.slice(from, i))
      from = i + 1
    }
  }
  parts.push(pattern.slice(from))
  return parts
}

/**
 * Whether a national significant number has the shape of a mobile or fixed-line number of the
 * region without being listed as allocated: the region's overall pattern, a length the type
 * uses, and a first digit the type's numbers start with.
 */
export function hasTypeShape(plan: NumberingPlan, nsn: string, type: 'mobile' | 'any'): boolean {
  if (!plan.possibleLengths.has(nsn.length) || !plan.shape.test(nsn)) return false
  const fits = (t: NumberTypeShape | null) =>
    t?.lengths.has(nsn.length) === true && t.firstDigits.includes(nsn[0] as string)
  return fits(plan.mobile) || (type === 'any' && fits(plan.fixedLine))
}

const callingCodeRegions = new Map<string, CountryCode | null>()

/** The main region of a country calling code (`44` → GB), null for non-geographic codes. */
export function mainRegion(callingCode: string): CountryCode | null {
  let region = callingCodeRegions.get(callingCode)
  if (region === undefined) {
    const metadata = new Metadata(metadataJson) as unknown as {
      getCountryCodeForCallingCode(cc: string): CountryCode | undefined
    }
    region = metadata.getCountryCodeForCallingCode(callingCode) ?? null
    callingCodeRegions.set(callingCode, region)
  }
  return region
}
