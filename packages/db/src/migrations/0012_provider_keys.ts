import type { Knex } from 'knex'

export async function up(db: Knex): Promise<void> {
  // An organization's own provider keys, for gateway calls that do not bring one. Only ciphertext
  // is stored (AES-256-GCM under a key derived from the master key, bound to the organization and
  // provider); `hint` (the last four characters) is what people see. key_version names the
  // master-key derivation the row was sealed with, so a later rotation can tell rows apart.
  await db.raw(`
    create table provider_keys (
      id bigint generated always as identity primary key,
      organization_id bigint not null references organizations(id) on delete cascade,
      provider text not null check (provider in ('openai', 'anthropic')),
      ciphertext bytea not null,
      nonce bytea not null check (octet_length(nonce) = 12),
      auth_tag bytea not null check (octet_length(auth_tag) = 16),
      key_version smallint not null default 1,
      hint text not null,
      created_at timestamptz not null default now(),
      rotated_at timestamptz,
      constraint provider_keys_one_per_provider unique (organization_id, provider)
    )`)
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('provider_keys')
}
