import { luhnValid } from './luhn'

interface Brand {
  name: string
  matches(digits: string): boolean
  lengths: readonly number[]
}

const prefix = (digits: string, n: number) => Number(digits.slice(0, n))
const between = (value: number, low: number, high: number) => value >= low && value <= high
const LONG = [16, 17, 18, 19] as const

// Issuer prefixes and lengths: a Luhn-valid number that matches no issuer (an IMEI, a 13-digit
// epoch-ms timestamp) is not a card.
const BRANDS: readonly Brand[] = [
  { name: 'visa', matches: (d) => d[0] === '4', lengths: [13, 16, 19] },
  {
    name: 'mastercard',
    matches: (d) => between(prefix(d, 2), 51, 55) || between(prefix(d, 4), 2221, 2720),
    lengths: [16],
  },
  { name: 'amex', matches: (d) => d.startsWith('34') || d.startsWith('37'), lengths: [15] },
  {
    name: 'diners',
    matches: (d) =>
      between(prefix(d, 3), 300, 305) || d.startsWith('309') || ['36', '38', '39'].includes(d.slice(0, 2)),
    lengths: [14, 15, 16, 17, 18, 19],
  },
  { name: 'jcb', matches: (d) => between(prefix(d, 4), 3528, 3589), lengths: LONG },
  { name: 'uatp', matches: (d) => d[0] === '1', lengths: [15] },
  { name: 'mir', matches: (d) => between(prefix(d, 4), 2200, 2204), lengths: LONG },
  // Discover, UnionPay, Maestro, RuPay, Dankort and friends share the 5x/6x space.
  {
    name: 'maestro-discover-unionpay',
    matches: (d) => d.startsWith('50') || between(prefix(d, 2), 56, 69),
    lengths: [13, 14, 15, ...LONG],
  },
  { name: 'rupay', matches: (d) => d.startsWith('81') || d.startsWith('82'), lengths: [16] },
]

/** Whether a digit string is a plausible card number: issuer prefix, issuer length and Luhn. */
export function isPlausibleCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19) return false
  if (/^(\d)\1+$/.test(digits)) return false
  if (!BRANDS.some((b) => b.lengths.includes(digits.length) && b.matches(digits))) return false
  return luhnValid(digits)
}
