import { migrateLatest, migrateRollbackAll, migrationStatus } from '@tokenledger/db'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'

export const migrate: Command = {
  name: 'migrate',
  summary: 'apply pending database migrations (or roll them all back, or show status)',
  help: `tokenledger migrate [--status | --rollback]

  Applies every pending migration to DATABASE_URL (or the embedded Postgres).
  --status     list applied and pending migrations, change nothing
  --rollback   roll back every migration (drops all Tokenledger tables and their data)`,
  options: { status: { type: 'boolean' }, rollback: { type: 'boolean' } },
  async run({ values }) {
    if (values.status && values.rollback) throw new UsageError('--status and --rollback cannot be combined')
    await withDatabase(
      async (db) => {
        if (values.status) {
          const { applied, pending } = await migrationStatus(db)
          console.log(JSON.stringify({ applied, pending }, null, 2))
        } else if (values.rollback) {
          const reverted = await migrateRollbackAll(db)
          console.log(reverted.length ? `rolled back: ${reverted.join(', ')}` : 'nothing to roll back')
        } else {
          const applied = await migrateLatest(db)
          console.log(applied.length ? `applied: ${applied.join(', ')}` : 'already up to date')
        }
      },
      { migrate: false, asOwner: true },
    )
  },
}
