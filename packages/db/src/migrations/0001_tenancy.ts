import type { Knex } from 'knex'

export const ROLES = ['owner', 'executive', 'team_lead', 'ic'] as const

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('organizations', (t) => {
    t.bigIncrements('id').primary()
    t.text('name').notNullable()
    t.text('slug').notNullable().unique()
    t.timestamps(true, true)
  })

  await db.schema.createTable('users', (t) => {
    t.bigIncrements('id').primary()
    t.text('email').notNullable()
    t.text('name').notNullable()
    t.text('password_hash')
    t.boolean('is_super_admin').notNullable().defaultTo(false)
    t.timestamps(true, true)
  })
  await db.raw('create unique index users_email_unique on users (lower(email))')

  await db.schema.createTable('organization_user', (t) => {
    t.bigInteger('organization_id').notNullable().references('organizations.id').onDelete('CASCADE')
    t.bigInteger('user_id').notNullable().references('users.id').onDelete('CASCADE')
    t.text('role').notNullable().defaultTo('ic')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now())
    t.primary(['organization_id', 'user_id'])
    t.index(['user_id'])
  })
  await db.raw(
    `alter table organization_user add constraint organization_user_role_check check (role in (${ROLES.map((r) => `'${r}'`).join(', ')}))`,
  )

  await db.schema.createTable('projects', (t) => {
    t.bigIncrements('id').primary()
    t.bigInteger('organization_id').notNullable().references('organizations.id').onDelete('CASCADE')
    t.text('name').notNullable()
    t.timestamps(true, true)
    t.index(['organization_id'])
  })

  await db.schema.createTable('documents', (t) => {
    t.bigIncrements('id').primary()
    t.bigInteger('project_id').notNullable().references('projects.id').onDelete('CASCADE')
    t.text('name').notNullable()
    t.timestamps(true, true)
    t.index(['project_id'])
  })

  await db.schema.createTable('api_keys', (t) => {
    t.bigIncrements('id').primary()
    t.bigInteger('organization_id').notNullable().references('organizations.id').onDelete('CASCADE')
    t.text('name').notNullable()
    t.text('prefix').notNullable().unique()
    t.text('key_hash').notNullable()
    t.timestamp('last_used_at', { useTz: true })
    t.timestamp('revoked_at', { useTz: true })
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now())
    t.index(['organization_id'])
  })
}

export async function down(db: Knex): Promise<void> {
  for (const table of ['api_keys', 'documents', 'projects', 'organization_user', 'users', 'organizations']) {
    await db.schema.dropTableIfExists(table)
  }
}
