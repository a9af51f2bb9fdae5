import type { Knex } from 'knex'

export const PURPOSE_TRIGRAM_INDEX = 'ai_usage_logs_purpose_detail_trgm'

/** Kept as the index's comment, so that down drops pg_trgm only when up created it. */
const CREATED_EXTENSION = 'created pg_trgm'

export async function up(db: Knex): Promise<void> {
  // Issue 15: the log list's purpose search (`purpose_detail ILIKE '%…%'`) has no B-tree to use,
  // so a search that matches nothing reads every log in range. A trigram GIN index answers it.
  const existed = await extensionSchema(db)
  if (!existed) await createTrigramExtension(db)
  const schema = (await extensionSchema(db)) as string
  // On the partitioned parent: every partition gets it, and so does each month the partition job
  // attaches later (ATTACH PARTITION builds a partitioned index's missing partitions). Not
  // CONCURRENTLY (not supported on a partitioned table): a big history is locked while it builds.
  await db.raw(
    `create index ${PURPOSE_TRIGRAM_INDEX} on ai_usage_logs using gin (purpose_detail ${ident(schema)}.gin_trgm_ops)`,
  )
  if (!existed) await db.raw(`comment on index ${PURPOSE_TRIGRAM_INDEX} is '${CREATED_EXTENSION}'`)
}

export async function down(db: Knex): Promise<void> {
  const { rows } = await db.raw('select obj_description(to_regclass(?), ?) as note', [
    PURPOSE_TRIGRAM_INDEX,
    'pg_class',
  ])
  await db.raw(`drop index if exists ${PURPOSE_TRIGRAM_INDEX}`)
  // An extension that was there before is someone else's: leave it.
  if (rows[0]?.note === CREATED_EXTENSION) await db.raw('drop extension if exists pg_trgm')
}

/** The schema pg_trgm is installed in, or null when it is not installed. */
async function extensionSchema(db: Knex): Promise<string | null> {
  const { rows } = await db.raw(
    `select n.nspname as schema from pg_extension e join pg_namespace n on n.oid = e.extnamespace
     where e.extname = 'pg_trgm'`,
  )
  return rows[0]?.schema ?? null
}

async function createTrigramExtension(db: Knex): Promise<void> {
  try {
    await db.raw('create extension if not exists pg_trgm')
  } catch (error) {
    // Migrations run in one transaction: nothing of this one is left applied.
    const reason = error instanceof Error ? error.message : String(error)
    throw new Error(
      `0017_purpose_trigram_index needs the pg_trgm extension and this role cannot create it (${reason}). ` +
        'Connect as a superuser, or (PostgreSQL 13+, where pg_trgm is trusted) as a role with CREATE on ' +
        'the database, run `CREATE EXTENSION IF NOT EXISTS pg_trgm;` in this database, then migrate again. ' +
        'On a managed server without pg_trgm, ask the provider to allow it.',
    )
  }
}

function ident(name: string): string {
  return `"${name.replace(/"/g, '""')}"`
}
