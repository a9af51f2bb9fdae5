import type { SeedResult } from '@tokenledger/db'

/** Generated secrets are shown exactly once: only their hashes are stored. */
export function printSeedCredentials(result: SeedResult): void {
  console.log(`seeded ${result.logCount} usage logs`)
  console.log(
    result.generatedPassword
      ? `super admin: ${result.adminEmail} / ${result.generatedPassword}   (generated: shown once, save it)`
      : `super admin: ${result.adminEmail} / the password in TOKENLEDGER_ADMIN_PASSWORD`,
  )
  for (const { organization, key } of result.apiKeys) console.log(`api key for ${organization}: ${key}`)
}
