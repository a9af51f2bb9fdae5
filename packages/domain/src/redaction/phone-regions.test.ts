import type { CountryCode } from 'libphonenumber-js/max'
import { describe, expect, it } from 'vitest'
import { DEFAULT_PHONE_REGIONS, parsePhoneRegions, phoneRegions, setPhoneRegions } from './phone-regions'

describe('parsePhoneRegions', () => {
  it('defaults when unset or blank', () => {
    expect(parsePhoneRegions(undefined)).toEqual(DEFAULT_PHONE_REGIONS)
    expect(parsePhoneRegions('  ')).toEqual(DEFAULT_PHONE_REGIONS)
  })

  it('reads codes separated by commas or spaces, in any case, once each', () => {
    expect(parsePhoneRegions('us, gb DE,,us')).toEqual(['US', 'GB', 'DE'])
  })

  it('rejects unknown codes by name', () => {
    expect(() => parsePhoneRegions('US,UK,XX')).toThrow(/unknown region "UK", "XX"/)
  })
})

describe('setPhoneRegions', () => {
  it('refuses unknown regions and keeps the current ones', () => {
    expect(() => setPhoneRegions(['US', 'ZZ' as CountryCode])).toThrow(/unknown region "ZZ"/)
    expect(phoneRegions()).toEqual(DEFAULT_PHONE_REGIONS)
  })
})
