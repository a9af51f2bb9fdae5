import type { Knex } from 'knex'

// Frozen here: a migration must not change when the domain's list grows (add a migration instead).
const CATEGORIES = [
  'document_analysis',
  'estimate_analysis',
  'brief_analysis',
  'project_extraction',
  'summarization',
  'classification',
  'question_generation',
  'flag_extraction',
  'general',
]

export async function up(db: Knex): Promise<void> {
  await db.schema.createTable('model_prices', (t) => {
    t.bigIncrements('id').primary()
    t.text('provider').notNullable()
    t.text('model').notNullable()
    // USD per million tokens
    t.decimal('input_mtok', 14, 6).notNullable()
    t.decimal('output_mtok', 14, 6).notNullable()
    t.decimal('cache_read_mtok', 14, 6)
    t.decimal('cache_write_mtok', 14, 6)
    t.decimal('reasoning_mtok', 14, 6)
    t.timestamp('effective_from', { useTz: true }).notNullable()
    t.text('notes')
    t.timestamps(true, true)
    t.unique(['provider', 'model', 'effective_from'])
  })

  await db.schema.createTable('ai_usage_logs', (t) => {
    t.bigIncrements('id').primary()
    t.bigInteger('organization_id').notNullable().references('organizations.id').onDelete('CASCADE')
    t.bigInteger('user_id').references('users.id').onDelete('SET NULL')
    t.bigInteger('project_id').references('projects.id').onDelete('SET NULL')
    t.bigInteger('document_id').references('documents.id').onDelete('SET NULL')
    t.bigInteger('api_key_id').references('api_keys.id').onDelete('SET NULL')
    t.text('provider').notNullable()
    t.text('model').notNullable()
    t.integer('prompt_tokens').notNullable().defaultTo(0)
    t.integer('completion_tokens').notNullable().defaultTo(0)
    t.integer('total_tokens').notNullable().defaultTo(0)
    t.integer('cached_tokens').notNullable().defaultTo(0)
    t.integer('cache_write_tokens').notNullable().defaultTo(0)
    t.integer('reasoning_tokens').notNullable().defaultTo(0)
    // null = unpriced (unknown model): never a silent 0
    t.decimal('cost', 12, 6)
    t.text('cost_source')
    t.jsonb('prices')
    t.integer('duration_ms')
    t.text('task_type')
    t.text('loggable_type')
    t.text('loggable_id')
    t.boolean('success').notNullable().defaultTo(true)
    t.text('error_message')
    t.jsonb('metadata').notNullable().defaultTo('{}')
    t.text('prompt_content')
    t.text('response_content')
    t.boolean('content_redacted').notNullable().defaultTo(false)
    t.jsonb('redaction_summary').notNullable().defaultTo('{}')
    t.text('category').notNullable().defaultTo('general')
    t.text('purpose_detail')
    t.boolean('budget_override').notNullable().defaultTo(false)
    t.bigInteger('budget_override_by').references('users.id').onDelete('SET NULL')
    t.text('idempotency_key')
    t.timestamp('created_at', { useTz: true }).notNullable().defaultTo(db.fn.now())
  })
  await db.raw(`
    alter table ai_usage_logs
      add constraint ai_usage_logs_category_check check (category in (${CATEGORIES.map((c) => `'${c}'`).join(', ')})),
      add constraint ai_usage_logs_cost_source_check check (cost_source in ('catalog', 'custom', 'caller')),
      add constraint ai_usage_logs_tokens_check check (
        prompt_tokens >= 0 and completion_tokens >= 0 and total_tokens >= 0 and cached_tokens >= 0
        and cache_write_tokens >= 0 and reasoning_tokens >= 0),
      add constraint ai_usage_logs_cost_check check (cost >= 0)
  `)
  // Keyset pagination of the log list and the daily aggregation both walk created_at.
  await db.raw('create index ai_usage_logs_created_at_id on ai_usage_logs (created_at, id)')
  await db.raw('create index ai_usage_logs_org_created_at on ai_usage_logs (organization_id, created_at)')
  await db.raw(
    'create index ai_usage_logs_user_created_at on ai_usage_logs (user_id, created_at) where user_id is not null',
  )
  await db.raw(
    'create index ai_usage_logs_project on ai_usage_logs (project_id) where project_id is not null',
  )
  await db.raw(
    'create index ai_usage_logs_document on ai_usage_logs (document_id) where document_id is not null',
  )
  await db.raw(
    'create unique index ai_usage_logs_idempotency on ai_usage_logs (organization_id, idempotency_key) where idempotency_key is not null',
  )
}

export async function down(db: Knex): Promise<void> {
  await db.schema.dropTableIfExists('ai_usage_logs')
  await db.schema.dropTableIfExists('model_prices')
}
