import pg from 'pg'
import type { EmbeddedServer } from './embedded-postgres'
import { EMBEDDED_ROLES } from './embedded-postgres-passwords'

/**
 * Schemas the owner role owns: ours, and graphile-worker's queue. The application role gets rows in
 * `public` only: graphile-worker turns on row-level security without policies in its schema, which
 * only the table owner passes, so the worker's queue connection uses the owner role.
 */
const OWNED_SCHEMAS = ['public', 'graphile_worker']

/**
 * Makes `database` on an embedded server ready for the application without its superuser:
 * `tokenledger_owner` owns the database and its schemas (it runs our migrations, and graphile-worker's
 * migrations and queue), `tokenledger_app` (api, admin, the worker's jobs, CLI) may connect and read
 * and write rows of our tables, nothing else: no DDL, no roles, no `copy … program`, no server files.
 * Neither is a superuser. Idempotent, and safe when
 * several processes start at once; it also hands over the objects that older versions created as
 * the superuser.
 */
export async function prepareAppDatabase(server: EmbeddedServer, database: string): Promise<void> {
  await asSuperuser(server.url('postgres'), async (client) => {
    for (const role of ['owner', 'app'] as const) {
      const name = client.escapeIdentifier(EMBEDDED_ROLES[role])
      const password = client.escapeLiteral(server.passwords[role])
      const { rowCount } = await client.query('select 1 from pg_roles where rolname = $1', [
        EMBEDDED_ROLES[role],
      ])
      const attributes = 'login nosuperuser nocreatedb nocreaterole noreplication nobypassrls'
      await client.query(
        `${rowCount ? 'alter' : 'create'} role ${name} with ${attributes} password ${password}`,
      )
    }
    const { rowCount } = await client.query('select 1 from pg_database where datname = $1', [database])
    const db = client.escapeIdentifier(database)
    // `create database` cannot run in a transaction block: asSuperuser's lock is a session lock.
    if (!rowCount) await client.query(`create database ${db} owner ${EMBEDDED_ROLES.owner}`)
    await client.query(`alter database ${db} owner to ${EMBEDDED_ROLES.owner}`)
    await client.query(`revoke all on database ${db} from public`)
    await client.query(`grant connect on database ${db} to ${EMBEDDED_ROLES.app}`)
  })
  await asSuperuser(server.url(database), async (client) => {
    const { owner, app } = EMBEDDED_ROLES
    await client.query('begin')
    await client.query(handOverObjectsSql(owner))
    for (const schema of OWNED_SCHEMAS) {
      const { rowCount } = await client.query('select 1 from pg_namespace where nspname = $1', [schema])
      if (!rowCount) continue
      await client.query(`alter schema ${schema} owner to ${owner}`)
      await client.query(`revoke create on schema ${schema} from public`)
    }
    await client.query(`grant usage on schema public to ${app}`)
    await client.query(`grant select, insert, update, delete on all tables in schema public to ${app}`)
    await client.query(`grant usage, select, update on all sequences in schema public to ${app}`)
    // What the owner's next migrations create.
    const defaults = `alter default privileges for role ${owner} in schema public grant`
    await client.query(`${defaults} select, insert, update, delete on tables to ${app}`)
    await client.query(`${defaults} usage, select, update on sequences to ${app}`)
    await client.query('commit')
  })
}

/**
 * SQL that gives `owner` the tables, views, sequences, routines and types that the connected
 * superuser owns in the application's schemas (what older versions, which ran everything as the
 * superuser, created). Tables go first: their indexes and serial sequences follow them.
 */
export function handOverObjectsSql(owner: string): string {
  const schemas = OWNED_SCHEMAS.map((s) => `'${s}'`).join(', ')
  return `do $$
declare
  item record;
  me oid := (select oid from pg_roles where rolname = current_user);
begin
  for item in
    select c.oid::regclass as name, c.relkind from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in (${schemas}) and c.relowner = me and c.relkind in ('r', 'p', 'v', 'm', 'f')
  loop
    execute format('alter %s %s owner to ${owner}',
      case item.relkind when 'v' then 'view' when 'm' then 'materialized view'
        when 'f' then 'foreign table' else 'table' end, item.name);
  end loop;
  for item in
    select c.oid::regclass as name from pg_class c join pg_namespace n on n.oid = c.relnamespace
    where n.nspname in (${schemas}) and c.relowner = me and c.relkind = 'S'
  loop
    execute format('alter sequence %s owner to ${owner}', item.name);
  end loop;
  for item in
    select p.oid::regprocedure as name from pg_proc p join pg_namespace n on n.oid = p.pronamespace
    where n.nspname in (${schemas}) and p.proowner = me
  loop
    execute format('alter routine %s owner to ${owner}', item.name);
  end loop;
  for item in
    select t.oid::regtype as name from pg_type t join pg_namespace n on n.oid = t.typnamespace
    left join pg_class c on c.oid = t.typrelid
    where n.nspname in (${schemas}) and t.typowner = me and t.typtype in ('c', 'd', 'e')
      and (t.typrelid = 0 or c.relkind = 'c') and t.typelem = 0
  loop
    execute format('alter type %s owner to ${owner}', item.name);
  end loop;
end
$$`
}

/** Runs `fn` as the superuser, one process at a time (grants racing each other fail in PostgreSQL). */
async function asSuperuser(url: string, fn: (client: pg.Client) => Promise<void>): Promise<void> {
  const client = new pg.Client({ connectionString: url })
  await client.connect()
  try {
    await client.query(`select pg_advisory_lock(hashtext('tokenledger: prepare embedded database'))`)
    await fn(client)
  } catch (error) {
    await client.query('rollback').catch(() => {})
    throw error
  } finally {
    await client.end()
  }
}
