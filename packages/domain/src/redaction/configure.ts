import type { CountryCode } from 'libphonenumber-js/max'
import { setPhoneRegions } from './phone-regions'

export interface RedactionOptions {
  /**
   * Regions whose national phone formats are recognized (default `DEFAULT_PHONE_REGIONS`); apps
   * read them from `TOKENLEDGER_PHONE_REGIONS` with `parsePhoneRegions`.
   */
  phoneRegions?: readonly CountryCode[]
}

/**
 * Process-wide redaction settings, set once where an app starts (the detectors themselves read
 * no environment, so the domain stays pure and testable).
 */
export function configureRedaction(options: RedactionOptions): void {
  if (options.phoneRegions) setPhoneRegions(options.phoneRegions)
}
