import { type CountryCode, isSupportedCountry } from 'libphonenumber-js/max'

/**
 * Regions whose national formats (no `+` country code) are recognized as phone numbers: the
 * markets a product's users most often write from. Numbers with `+` or `00` and a country code
 * are recognized for every country regardless.
 */
export const DEFAULT_PHONE_REGIONS: readonly CountryCode[] = [
  'US',
  'GB',
  'DE',
  'FR',
  'IN',
  'CN',
  'BR',
  'IL',
  'AU',
  'CA',
  'JP',
]

let current: readonly CountryCode[] = DEFAULT_PHONE_REGIONS

/** The regions `detectPhones` uses unless it is given others. */
export function phoneRegions(): readonly CountryCode[] {
  return current
}

export function setPhoneRegions(regions: readonly CountryCode[]): void {
  const unknown = regions.filter((r) => !isSupportedCountry(r))
  if (unknown.length > 0)
    throw new Error(`phoneRegions: unknown region ${unknown.map((r) => `"${r}"`).join(', ')}`)
  current = [...new Set(regions)]
}

/**
 * Reads `TOKENLEDGER_PHONE_REGIONS`: ISO 3166-1 alpha-2 codes separated by commas or spaces
 * (`US,GB,DE`). Unset or blank means the default list; an unknown code is an error, so a typo
 * does not silently turn off a region.
 */
export function parsePhoneRegions(value: string | undefined): CountryCode[] {
  if (value === undefined || value.trim() === '') return [...DEFAULT_PHONE_REGIONS]
  const codes = value
    .split(/[\s,]+/)
    .filter((c) => c !== '')
    .map((c) => c.toUpperCase())
  const unknown = codes.filter((c) => !isSupportedCountry(c))
  if (unknown.length > 0) {
    throw new Error(
      `TOKENLEDGER_PHONE_REGIONS: unknown region ${unknown.map((c) => `"${c}"`).join(', ')} (expected ISO 3166-1 alpha-2 codes such as US,GB,DE)`,
    )
  }
  return [...new Set(codes)] as CountryCode[]
}
