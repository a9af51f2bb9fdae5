import { isSeeded, seedDemoData } from '@tokenledger/db'
import { type Command, UsageError } from '../command'
import { log, withDatabase } from '../database'
import { printSeedCredentials } from '../print-seed-credentials'

export const seed: Command = {
  name: 'seed',
  summary: 'create the demo data (super admin, three organizations, 90 days of usage)',
  help: `tokenledger seed [--days N]

  Creates the super admin admin@example.com (password: TOKENLEDGER_ADMIN_PASSWORD, or generated
  and printed once), three demo organizations (acme, globex, initech) with users, projects,
  documents, an API key each (printed once), budgets and N days of usage logs (default 90).
  Refuses to run on a database that already has the demo data.`,
  options: { days: { type: 'string' } },
  async run({ values }) {
    const days = values.days === undefined ? 90 : Number(values.days)
    if (!Number.isInteger(days) || days < 1 || days > 3650)
      throw new UsageError('--days must be a whole number from 1 to 3650')
    return withDatabase(async (db) => {
      if (await isSeeded(db)) {
        console.error('the demo data is already there (admin@example.com exists); nothing changed')
        return 1
      }
      const result = await seedDemoData(db, {
        adminPassword: process.env.TOKENLEDGER_ADMIN_PASSWORD,
        days,
        log,
      })
      printSeedCredentials(result)
    })
  },
}
