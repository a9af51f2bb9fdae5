import { configureRedaction, parsePhoneRegions } from '@tokenledger/domain'

/**
 * Applies the process's redaction settings from the environment (`TOKENLEDGER_PHONE_REGIONS`).
 * Called where redaction runs: the api's start, each redaction worker thread, the CLI's `redact`.
 * An unknown region code throws an error naming it.
 */
export function configureRedactionFromEnv(env: NodeJS.ProcessEnv = process.env): void {
  configureRedaction({ phoneRegions: parsePhoneRegions(env.TOKENLEDGER_PHONE_REGIONS) })
}
