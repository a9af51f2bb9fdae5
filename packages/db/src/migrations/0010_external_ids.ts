import type { Knex } from 'knex'

/** Longest external id accepted: room for a UUID, a URL-ish key or a composite id, not for a document. */
export const EXTERNAL_ID_MAX_LENGTH = 255

const bounded = (column: string) => `check (char_length(${column}) between 1 and ${EXTERNAL_ID_MAX_LENGTH})`

export async function up(db: Knex): Promise<void> {
  // Users are global (accounts that sign in, members of several organizations), so an external id
  // needs an owner: a user created from an app's own id belongs to that one organization
  // (organization_id). Accounts keep organization_id null and never carry an external id, so an
  // app can never take over an account by naming its email.
  await db.raw(`
    alter table users
      add column organization_id bigint references organizations(id) on delete cascade,
      add column external_id text constraint users_external_id_length ${bounded('external_id')},
      add constraint users_external_id_owner check ((organization_id is null) = (external_id is null)),
      add constraint users_external_id_unique unique (organization_id, external_id),
      alter column email drop not null,
      alter column name drop not null,
      add constraint users_account_fields check (organization_id is not null or (email is not null and name is not null))`)
  // Sign-in emails stay unique among accounts; an app's users may share an email across
  // organizations (the same person using two customers' products) and have none at all.
  await db.raw('drop index users_email_unique')
  await db.raw('create unique index users_email_unique on users (lower(email)) where organization_id is null')

  await db.raw(`
    alter table projects
      add column external_id text constraint projects_external_id_length ${bounded('external_id')},
      add constraint projects_external_id_unique unique (organization_id, external_id),
      add constraint projects_id_organization unique (id, organization_id)`)

  // Documents reach their organization through their project. Uniqueness per organization needs
  // the organization on the row itself: it is filled from the project by a trigger (inserts that
  // name only project_id keep working) and pinned to it by a composite foreign key, so it can
  // never disagree with the project.
  await db.raw('alter table documents add column organization_id bigint')
  await db.raw(
    'update documents d set organization_id = p.organization_id from projects p where p.id = d.project_id',
  )
  await db.raw(`
    create function documents_fill_organization() returns trigger language plpgsql as $$
    begin
      -- An insert may name the organization (the foreign key then checks it); a move to another
      -- project always takes the new project's organization.
      if new.organization_id is null or tg_op = 'UPDATE' then
        select organization_id into new.organization_id from projects where id = new.project_id;
      end if;
      return new;
    end $$`)
  await db.raw(`
    create trigger documents_fill_organization before insert or update of project_id on documents
      for each row execute function documents_fill_organization()`)
  await db.raw(`
    alter table documents
      alter column organization_id set not null,
      add constraint documents_project_organization foreign key (project_id, organization_id)
        references projects (id, organization_id) on delete cascade on update cascade,
      add column external_id text constraint documents_external_id_length ${bounded('external_id')},
      add constraint documents_external_id_unique unique (organization_id, external_id)`)
}

export async function down(db: Knex): Promise<void> {
  await db.raw('drop trigger documents_fill_organization on documents')
  await db.raw('drop function documents_fill_organization()')
  await db.raw(`
    alter table documents
      drop constraint documents_external_id_unique,
      drop constraint documents_project_organization,
      drop column external_id,
      drop column organization_id`)
  await db.raw(`
    alter table projects
      drop constraint projects_id_organization,
      drop constraint projects_external_id_unique,
      drop column external_id`)
  // The app's users cannot live in the old schema (no email, shared emails): they go, and their
  // logs keep their rows with user_id set null as for any deleted user. Their rollup rows are
  // first folded into the no-user rows they would turn into: set null alone would give two rows
  // one key (NULLS NOT DISTINCT) and stop the rollback, and the totals must stay whole.
  await db.raw(`
    with gone as (
      delete from ai_usage_daily d using users u
      where u.id = d.user_id and u.organization_id is not null
      returning d.*
    )
    insert into ai_usage_daily (date, organization_id, user_id, category, provider, model,
      request_count, success_count, failure_count, total_prompt_tokens, total_completion_tokens,
      total_tokens, total_cost, total_duration_ms)
    select date, organization_id, null, category, provider, model, sum(request_count),
      sum(success_count), sum(failure_count), sum(total_prompt_tokens), sum(total_completion_tokens),
      sum(total_tokens), sum(total_cost), sum(total_duration_ms)
    from gone group by date, organization_id, category, provider, model
    on conflict on constraint ai_usage_daily_key do update set
      request_count = ai_usage_daily.request_count + excluded.request_count,
      success_count = ai_usage_daily.success_count + excluded.success_count,
      failure_count = ai_usage_daily.failure_count + excluded.failure_count,
      total_prompt_tokens = ai_usage_daily.total_prompt_tokens + excluded.total_prompt_tokens,
      total_completion_tokens = ai_usage_daily.total_completion_tokens + excluded.total_completion_tokens,
      total_tokens = ai_usage_daily.total_tokens + excluded.total_tokens,
      total_cost = ai_usage_daily.total_cost + excluded.total_cost,
      total_duration_ms = ai_usage_daily.total_duration_ms + excluded.total_duration_ms,
      updated_at = now()`)
  await db.raw(`
    with gone as (
      delete from ai_usage_monthly m using users u
      where u.id = m.user_id and u.organization_id is not null
      returning m.*
    )
    insert into ai_usage_monthly (year, month, organization_id, user_id, category, request_count,
      success_count, total_tokens, total_cost)
    select year, month, organization_id, null, category, sum(request_count), sum(success_count),
      sum(total_tokens), sum(total_cost)
    from gone group by year, month, organization_id, category
    on conflict on constraint ai_usage_monthly_key do update set
      request_count = ai_usage_monthly.request_count + excluded.request_count,
      success_count = ai_usage_monthly.success_count + excluded.success_count,
      total_tokens = ai_usage_monthly.total_tokens + excluded.total_tokens,
      total_cost = ai_usage_monthly.total_cost + excluded.total_cost,
      updated_at = now()`)
  await db.raw('delete from users where organization_id is not null')
  await db.raw('drop index users_email_unique')
  await db.raw('create unique index users_email_unique on users (lower(email))')
  await db.raw(`
    alter table users
      drop constraint users_account_fields,
      alter column email set not null,
      alter column name set not null,
      drop constraint users_external_id_unique,
      drop constraint users_external_id_owner,
      drop column external_id,
      drop column organization_id`)
}
