import type { Knex } from 'knex'

/**
 * `ai_usage_logs` becomes a native range-partitioned table, one partition per UTC month of
 * `created_at` (the call's time), plus a DEFAULT partition for a call in a month that has none yet
 * (the worker's `ai:create-partitions` job moves such rows into their own month later). Retention is
 * indefinite: a month's partition keeps its indexes small, and reads bounded by time prune to the
 * months they need.
 *
 * PostgreSQL requires every primary key and unique index of a partitioned table to include the
 * partition key, so the idempotency key (unique per organization, across all time) can no longer be a
 * unique index of the logs: it moves to `ai_usage_log_keys`, whose primary key is claimed before the
 * log row is written (see packages/db/src/usage/claim-idempotency-keys.ts). The key stays on the log
 * row too, for the detail page.
 *
 * The conversion copies every row (same ids, same values) in one `INSERT … SELECT` inside the
 * migration's transaction, so it holds a lock on the logs for as long as the copy takes. Indexes,
 * foreign keys and grants are carried over from the table as it is, whatever later migrations added.
 * Frozen: the partition naming here must not follow later changes of the partitions module.
 */
export async function up(db: Knex): Promise<void> {
  const referencing = await foreignKeysReferencing(db, 'ai_usage_logs')
  if (referencing.length)
    throw new Error(
      `cannot partition ai_usage_logs: ${referencing.join(', ')} reference(s) it by id alone; ` +
        'a foreign key to a partitioned table needs (id, created_at)',
    )
  const shape = await readShape(db, 'ai_usage_logs')
  const extraUnique = shape.indexes.filter(
    (i) => i.unique && !i.primary && i.name !== 'ai_usage_logs_idempotency',
  )
  if (extraUnique.length)
    throw new Error(
      `cannot partition ai_usage_logs: unique index ${extraUnique.map((i) => i.name).join(', ')} lacks created_at`,
    )

  await db.raw('alter table ai_usage_logs rename to ai_usage_logs_unpartitioned')
  await db.raw(`
    create table ai_usage_logs (like ai_usage_logs_unpartitioned
      including defaults including constraints including generated including storage including comments)
    partition by range (created_at)`)

  const { rows } = await db.raw(`
    select distinct to_char(created_at at time zone 'UTC', 'YYYY-MM') as month
    from ai_usage_logs_unpartitioned`)
  const months = new Set<string>(rows.map((r: { month: string }) => r.month))
  const now = new Date()
  // The last year too (seeded history, late logs land in their month) and two months ahead.
  for (let offset = -12; offset <= 2; offset++)
    months.add(monthKey(now.getUTCFullYear(), now.getUTCMonth() + 1 + offset))
  for (const month of [...months].sort()) {
    const [year, m] = month.split('-').map(Number) as [number, number]
    await db.raw(
      `create table ai_usage_logs_p${year}${pad(m)} partition of ai_usage_logs
       for values from ('${monthKey(year, m)}-01T00:00:00Z') to ('${monthKey(year, m + 1)}-01T00:00:00Z')`,
    )
  }
  await db.raw('create table ai_usage_logs_default partition of ai_usage_logs default')

  await db.raw('insert into ai_usage_logs select * from ai_usage_logs_unpartitioned')
  // The id sequence belongs to the old table's column; hand it over before the old table goes.
  await db.raw(`alter sequence ${shape.sequence} owned by ai_usage_logs.id`)
  await db.raw('drop table ai_usage_logs_unpartitioned')

  await db.raw('alter table ai_usage_logs add constraint ai_usage_logs_pkey primary key (id, created_at)')
  await restoreShape(db, {
    ...shape,
    indexes: shape.indexes.filter((i) => !i.unique),
  })

  await db.raw(`
    create table ai_usage_log_keys (
      organization_id bigint not null references organizations(id) on delete cascade,
      idempotency_key text not null,
      log_id bigint not null,
      created_at timestamptz not null,
      primary key (organization_id, idempotency_key)
    )`)
  await grant(db, 'ai_usage_log_keys', shape.grants)
  await db.raw(`
    insert into ai_usage_log_keys (organization_id, idempotency_key, log_id, created_at)
    select organization_id, idempotency_key, id, created_at from ai_usage_logs
    where idempotency_key is not null`)
  await db.raw('analyze ai_usage_logs')
}

/** Back to one plain table: every row copied, the unique index on idempotency keys restored. */
export async function down(db: Knex): Promise<void> {
  const shape = await readShape(db, 'ai_usage_logs')
  await db.raw(`
    create table ai_usage_logs_unpartitioned (like ai_usage_logs
      including defaults including constraints including generated including storage including comments)`)
  await db.raw('insert into ai_usage_logs_unpartitioned select * from ai_usage_logs')
  await db.raw(`alter sequence ${shape.sequence} owned by ai_usage_logs_unpartitioned.id`)
  await db.raw('drop table ai_usage_logs')
  await db.raw('alter table ai_usage_logs_unpartitioned rename to ai_usage_logs')
  await db.raw('alter table ai_usage_logs add constraint ai_usage_logs_pkey primary key (id)')
  await restoreShape(db, {
    ...shape,
    indexes: shape.indexes.filter((i) => !i.unique),
  })
  await db.raw(
    'create unique index ai_usage_logs_idempotency on ai_usage_logs (organization_id, idempotency_key) where idempotency_key is not null',
  )
  await db.raw('drop table ai_usage_log_keys')
  await db.raw('analyze ai_usage_logs')
}

interface Shape {
  /** The id column's sequence, schema-qualified. */
  sequence: string
  indexes: Array<{ name: string; definition: string; unique: boolean; primary: boolean }>
  foreignKeys: Array<{ name: string; definition: string }>
  grants: Array<{ grantee: string; privileges: string }>
}

/** What has to be recreated on the table that replaces `table`: indexes, foreign keys, grants. */
async function readShape(db: Knex, table: string): Promise<Shape> {
  const sequence = (await db.raw(`select pg_get_serial_sequence(?, 'id') as name`, [table])).rows[0]?.name
  if (!sequence) throw new Error(`${table}.id has no sequence`)
  const indexes = (
    await db.raw(
      `select i.relname as name, pg_get_indexdef(x.indexrelid) as definition,
              x.indisunique as unique, x.indisprimary as primary
       from pg_index x join pg_class i on i.oid = x.indexrelid
       where x.indrelid = ?::regclass order by i.relname`,
      [table],
    )
  ).rows
  const foreignKeys = (
    await db.raw(
      `select conname as name, pg_get_constraintdef(oid) as definition from pg_constraint
       where conrelid = ?::regclass and contype = 'f' order by conname`,
      [table],
    )
  ).rows
  const grants = (
    await db.raw(
      `select case when a.grantee = 0 then 'public' else quote_ident(r.rolname) end as grantee,
              string_agg(a.privilege_type, ', ' order by a.privilege_type) as privileges
       from pg_class c cross join aclexplode(c.relacl) a left join pg_roles r on r.oid = a.grantee
       where c.oid = ?::regclass and a.grantee <> c.relowner
       group by 1 order by 1`,
      [table],
    )
  ).rows
  return { sequence, indexes, foreignKeys, grants }
}

async function restoreShape(db: Knex, shape: Shape): Promise<void> {
  for (const index of shape.indexes) {
    if (index.primary) continue
    // A partitioned table's index reads `ON ONLY t`; on the replacement it covers every partition.
    await db.raw(index.definition.replace(' ON ONLY ', ' ON '))
  }
  for (const fk of shape.foreignKeys)
    await db.raw(`alter table ai_usage_logs add constraint ${fk.name} ${fk.definition}`)
  await grant(db, 'ai_usage_logs', shape.grants)
}

async function grant(db: Knex, table: string, grants: Shape['grants']): Promise<void> {
  for (const { grantee, privileges } of grants) await db.raw(`grant ${privileges} on ${table} to ${grantee}`)
}

async function foreignKeysReferencing(db: Knex, table: string): Promise<string[]> {
  const { rows } = await db.raw(
    `select conrelid::regclass::text || '.' || conname as name from pg_constraint
     where confrelid = ?::regclass and contype = 'f' and conrelid <> confrelid`,
    [table],
  )
  return rows.map((r: { name: string }) => r.name)
}

/** 'YYYY-MM' of a month number that may run past 12 or below 1 (the months around now). */
function monthKey(year: number, month: number): string {
  const index = year * 12 + month - 1
  return `${Math.floor(index / 12)}-${pad((index % 12) + 1)}`
}

function pad(n: number): string {
  return String(n).padStart(2, '0')
}
