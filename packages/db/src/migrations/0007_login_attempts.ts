import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // Every sign-in attempt (api `auth.login` and the admin's /login), kept in Postgres so the
  // per-account and per-IP limits hold across replicas. A row is written as a failure before the
  // password is checked and turned into a success afterwards, so concurrent guesses count at once.
  await db.raw(`
    create table login_attempts (
      id bigint generated always as identity primary key,
      account text not null,
      ip text,
      succeeded boolean not null default false,
      attempted_at timestamptz not null
    )`)
  await db.raw('create index login_attempts_account on login_attempts (account, attempted_at)')
  await db.raw('create index login_attempts_ip on login_attempts (ip, attempted_at) where ip is not null')
  await db.raw('create index login_attempts_attempted_at on login_attempts (attempted_at)')
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('login_attempts')
}
