import { configureRedaction, DEFAULT_PHONE_REGIONS, redact } from '@tokenledger/domain'
import { afterEach, describe, expect, it } from 'vitest'
import { configureRedactionFromEnv } from './redaction-settings'

afterEach(() => configureRedaction({ phoneRegions: DEFAULT_PHONE_REGIONS }))

// A Spanish mobile written nationally (no trunk prefix): recognized when ES is among the regions.
const SPANISH = 'llámame al 612 34 56 78'

describe('configureRedactionFromEnv', () => {
  it('recognizes national phone formats of the regions in TOKENLEDGER_PHONE_REGIONS', () => {
    configureRedactionFromEnv({ TOKENLEDGER_PHONE_REGIONS: 'US' })
    expect(redact(SPANISH).summary.phone).toBeUndefined()
    configureRedactionFromEnv({ TOKENLEDGER_PHONE_REGIONS: 'us, es' })
    expect(redact(SPANISH).summary.phone).toBe(1)
  })

  it('refuses an unknown region, naming it', () => {
    expect(() => configureRedactionFromEnv({ TOKENLEDGER_PHONE_REGIONS: 'US,XX' })).toThrow(/"XX"/)
  })
})
