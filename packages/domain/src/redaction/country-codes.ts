// ITU-T E.164 country calling codes are prefix-free: at most one of these matches the start of an
// international number.
const ONE_DIGIT = new Set(['1', '7'])
const TWO_DIGIT = new Set(
  '20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98'.split(
    ' ',
  ),
)
// Two-digit zones whose countries all have three-digit codes.
const THREE_DIGIT_ZONES = new Set(
  '21 22 23 24 25 26 29 35 37 38 42 50 59 67 68 69 80 85 87 88 96 97 99'.split(' '),
)

/** The country calling code at the start of `digits` (an international number without `+`), or null. */
export function countryCallingCode(digits: string): string | null {
  const one = digits.slice(0, 1)
  if (ONE_DIGIT.has(one)) return one
  const two = digits.slice(0, 2)
  if (TWO_DIGIT.has(two)) return two
  if (THREE_DIGIT_ZONES.has(two) && digits.length >= 3) return digits.slice(0, 3)
  return null
}

/** North American Numbering Plan: area code and exchange both start with 2-9. */
export function isNanpNumber(tenDigits: string): boolean {
  return /^[2-9]\d{2}[2-9]\d{6}$/.test(tenDigits)
}
