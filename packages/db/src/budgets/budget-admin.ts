import {
  type Budget,
  type BudgetPeriod,
  type BudgetScope,
  budgetInputErrors,
  DEFAULT_BUDGET_PERIOD,
  DEFAULT_BUDGET_TIME_ZONE,
  isBudgetPeriod,
  isTimeZone,
  PERIOD_LABELS,
} from '@tokenledger/domain'
import type { Knex } from 'knex'
import type { ModelObject } from 'objection'
import type { Db } from '../knex'
import { AiBudget } from '../models/ai-budget'
import { Organization } from '../models/organization'
import { lockBudgetCountersExclusive } from './budget-counter-lock'
import { toBudget } from './load-budgets'

export interface BudgetFields {
  monthlyLimit: string | null
  warningThreshold: string
  allowOverride: boolean
  isActive: boolean
}

/**
 * Why a budget write was refused, for callers that map it to a status (the api's CONFLICT,
 * NOT_FOUND): `invalid` input, a `duplicate` of an existing budget's scope and period, or a budget
 * `not_found` by id. The field errors say it in words.
 */
export type BudgetWriteProblem = 'invalid' | 'duplicate' | 'not_found'

export type BudgetWriteResult =
  | { ok: true; budget: Budget }
  | {
      ok: false
      problem: BudgetWriteProblem
      errors: Partial<Record<BudgetField, string>>
    }

export type BudgetField =
  | 'organizationId'
  | 'userId'
  | 'projectId'
  | 'apiKeyId'
  | 'period'
  | 'timeZone'
  | 'monthlyLimit'
  | 'warningThreshold'
  | 'id'

/** Who and which period a new budget is for (`updateBudget` may change them later). */
export interface BudgetTarget {
  organizationId: number
  /** At most one of userId, projectId, apiKeyId; none: the organization's own budget. */
  userId: number | null
  projectId?: number | null
  apiKeyId?: number | null
  /** Default monthly. */
  period?: BudgetPeriod | string
  /** IANA zone the period is read in; default UTC. */
  timeZone?: string
}

/**
 * Creates a budget for an organization, or one of its users, projects or API keys, per month,
 * week or day. One budget per scope and period: a second one is refused with a field error, not a
 * database error.
 */
export async function createBudget(db: Db, input: BudgetFields & BudgetTarget): Promise<BudgetWriteResult> {
  const errors: Partial<Record<BudgetField, string>> = budgetInputErrors(input)
  const period = input.period ?? DEFAULT_BUDGET_PERIOD
  const timeZone = input.timeZone ?? DEFAULT_BUDGET_TIME_ZONE
  if (!isBudgetPeriod(period)) errors.period = 'Choose monthly, weekly or daily.'
  if (!isTimeZone(timeZone)) errors.timeZone = 'Enter a time zone such as UTC or Europe/Berlin.'
  const scopes = [input.userId, input.projectId, input.apiKeyId].filter((id) => id != null)
  if (scopes.length > 1) errors.userId = 'A budget is for one user, one project or one API key, not several.'
  if (Object.keys(errors).length) return { ok: false, problem: 'invalid', errors }
  const org = await Organization.query(db).findById(input.organizationId).select('id')
  if (!org) return { ok: false, problem: 'invalid', errors: { organizationId: 'No such organization.' } }
  const scopeError = await scopeOutsideOrganization(db, input)
  if (scopeError) return { ok: false, problem: 'invalid', errors: scopeError }
  const target = {
    organizationId: input.organizationId,
    userId: input.userId ?? null,
    projectId: input.projectId ?? null,
    apiKeyId: input.apiKeyId ?? null,
    period: period as BudgetPeriod,
    timeZone,
  }
  const row = await db.transaction(async (trx) => {
    // Writers logging calls of this organization are waited for (and wait for this): the sum
    // below then sees every cost that will not find this budget when it is counted.
    await lockBudgetCountersExclusive(trx, input.organizationId)
    const [inserted] = await trx('ai_budgets')
      .insert({
        organization_id: target.organizationId,
        user_id: target.userId,
        project_id: target.projectId,
        api_key_id: target.apiKeyId,
        period: target.period,
        period_time_zone: target.timeZone,
        monthly_limit: input.monthlyLimit,
        warning_threshold: input.warningThreshold,
        allow_override: input.allowOverride,
        is_active: input.isActive,
        ...startingCounter(trx, target),
      })
      .onConflict(trx.raw('on constraint ai_budgets_scope'))
      .ignore()
      .returning('*')
    return inserted as ModelObject<AiBudget> | undefined
  })
  if (!row) return { ok: false, problem: 'duplicate', errors: duplicateError(target) }
  return { ok: true, budget: toBudget(row) }
}

/** The field error for a user, project or key of another organization; null when all is in it. */
async function scopeOutsideOrganization(
  db: Db,
  input: BudgetTarget,
): Promise<Partial<Record<BudgetField, string>> | null> {
  if (input.userId != null) {
    const member = await db('organization_user')
      .where({ organization_id: input.organizationId, user_id: input.userId })
      .first()
    if (!member) return { userId: 'This user is not a member of the organization.' }
  }
  if (input.projectId != null) {
    const project = await db('projects')
      .where({ id: input.projectId, organization_id: input.organizationId })
      .first('id')
    if (!project) return { projectId: 'This project does not belong to the organization.' }
  }
  if (input.apiKeyId != null) {
    const key = await db('api_keys')
      .where({ id: input.apiKeyId, organization_id: input.organizationId })
      .first('id')
    if (!key) return { apiKeyId: 'This API key does not belong to the organization.' }
  }
  return null
}

function duplicateError(target: ScopeAndPeriod): Partial<Record<BudgetField, string>> {
  const period = PERIOD_LABELS[target.period]
  if (target.userId != null)
    return { userId: `This user already has a ${period} budget in this organization.` }
  if (target.projectId != null) return { projectId: `This project already has a ${period} budget.` }
  if (target.apiKeyId != null) return { apiKeyId: `This API key already has a ${period} budget.` }
  return { organizationId: `This organization already has a ${period} budget.` }
}

interface ScopeAndPeriod {
  organizationId: number
  userId: number | null
  projectId: number | null
  apiKeyId: number | null
  period: BudgetPeriod
  timeZone: string
}

/**
 * A new (or retargeted) budget's counter starts at what its scope (the organization, or one user, project or key
 * in it) already spent in the period its counter would be on: the current one in the budget's
 * zone, or the next one when calls dated a few minutes ahead (allowed clock skew) already went into
 * it, as the record path does.
 */
function startingCounter(db: Db, target: ScopeAndPeriod) {
  const scope = `organization_id = ? and (?::bigint is null or user_id = ?)
    and (?::bigint is null or project_id = ?) and (?::bigint is null or api_key_id = ?)`
  const scopeBindings = [
    target.organizationId,
    target.userId,
    target.userId,
    target.projectId,
    target.projectId,
    target.apiKeyId,
    target.apiKeyId,
  ]
  const start = (at: string) => `tokenledger_budget_period_start(?, ?, ${at})`
  const zone = [target.period, target.timeZone]
  const current = `${start('now()')}::timestamp at time zone ?`
  const period = `greatest(
      ${start('now()')},
      (select ${start('max(created_at)')} from ai_usage_logs
        where ${scope} and cost is not null and cost <> 0 and created_at >= ${current}))`
  const periodBindings = [...zone, ...zone, ...scopeBindings, ...zone, target.timeZone]
  return {
    current_period_start: db.raw(period, periodBindings),
    current_month_usage: db.raw(
      `coalesce((select sum(cost) from ai_usage_logs
        where ${scope}
          and created_at >= (${period})::timestamp at time zone ?
          and ${start('created_at')} = (${period})), 0)`,
      [...scopeBindings, ...periodBindings, target.timeZone, ...zone, ...periodBindings],
    ),
  }
}

/**
 * A budget's new scope and period, for `updateBudget`. `scope` replaces the scope whole: the ids
 * given (at most one), the others none, so `{}` makes it the organization's own budget. The
 * organization stays.
 */
export interface BudgetRetarget {
  scope?: { userId?: number | null; projectId?: number | null; apiKeyId?: number | null }
  period?: BudgetPeriod | string
  timeZone?: string
}

/**
 * Updates a budget's limit, threshold and switches, and, when asked, its scope, period or zone.
 * A new scope, period or zone changes what the counter counts: under the organization's counter
 * lock (exclusive, as a creation takes it), the row is updated and its counter recomputed from
 * the logs of the new scope's current period, by the rule `createBudget` starts counters with, so
 * it never mixes scopes or periods. Alerts recorded for the old period stay. A scope and period
 * another budget has is refused as a creation is (`duplicate`).
 */
export async function updateBudget(
  db: Db,
  id: number,
  fields: BudgetFields & BudgetRetarget,
): Promise<BudgetWriteResult> {
  const errors: Partial<Record<BudgetField, string>> = budgetInputErrors(fields)
  if (fields.period !== undefined && !isBudgetPeriod(fields.period))
    errors.period = 'Choose monthly, weekly or daily.'
  if (fields.timeZone !== undefined && !isTimeZone(fields.timeZone))
    errors.timeZone = 'Enter a time zone such as UTC or Europe/Berlin.'
  const scope = fields.scope
  if (scope && [scope.userId, scope.projectId, scope.apiKeyId].filter((v) => v != null).length > 1)
    errors.userId = 'A budget is for one user, one project or one API key, not several.'
  if (Object.keys(errors).length) return { ok: false, problem: 'invalid', errors }
  const current = await AiBudget.query(db).findById(id)
  if (!current) return { ok: false, problem: 'not_found', errors: { id: 'No such budget.' } }
  const target: ScopeAndPeriod = {
    organizationId: current.organization_id,
    userId: scope ? (scope.userId ?? null) : current.user_id,
    projectId: scope ? (scope.projectId ?? null) : (current.project_id ?? null),
    apiKeyId: scope ? (scope.apiKeyId ?? null) : (current.api_key_id ?? null),
    period: (fields.period ?? current.period ?? DEFAULT_BUDGET_PERIOD) as BudgetPeriod,
    timeZone: fields.timeZone ?? current.period_time_zone ?? DEFAULT_BUDGET_TIME_ZONE,
  }
  const patch = {
    monthly_limit: fields.monthlyLimit,
    warning_threshold: fields.warningThreshold,
    allow_override: fields.allowOverride,
    is_active: fields.isActive,
    updated_at: db.fn.now(),
  }
  const retargeted =
    target.userId !== current.user_id ||
    target.projectId !== (current.project_id ?? null) ||
    target.apiKeyId !== (current.api_key_id ?? null) ||
    target.period !== (current.period ?? DEFAULT_BUDGET_PERIOD) ||
    target.timeZone !== (current.period_time_zone ?? DEFAULT_BUDGET_TIME_ZONE)
  if (!retargeted) {
    const [row] = await AiBudget.query(db).where({ id }).patch(patch).returning('*')
    return row
      ? { ok: true, budget: toBudget(row) }
      : { ok: false, problem: 'not_found', errors: { id: 'No such budget.' } }
  }
  const scopeError = await scopeOutsideOrganization(db, target)
  if (scopeError) return { ok: false, problem: 'invalid', errors: scopeError }
  const outcome = await db.transaction(async (trx) => {
    // As a creation: no cost of this organization is being counted while the counter is rebuilt.
    await lockBudgetCountersExclusive(trx, target.organizationId)
    const taken = await trx('ai_budgets')
      .where({ organization_id: target.organizationId, period: target.period })
      .whereNot({ id })
      .whereRaw('user_id is not distinct from ?::bigint', [target.userId])
      .whereRaw('project_id is not distinct from ?::bigint', [target.projectId])
      .whereRaw('api_key_id is not distinct from ?::bigint', [target.apiKeyId])
      .first('id')
    if (taken) return 'duplicate' as const
    const [row] = await trx('ai_budgets')
      .where({ id })
      .update({
        ...patch,
        user_id: target.userId,
        project_id: target.projectId,
        api_key_id: target.apiKeyId,
        period: target.period,
        period_time_zone: target.timeZone,
        ...startingCounter(trx, target),
      })
      .returning('*')
    return row as ModelObject<AiBudget> | undefined
  })
  if (outcome === 'duplicate') return { ok: false, problem: 'duplicate', errors: duplicateError(target) }
  return outcome
    ? { ok: true, budget: toBudget(outcome) }
    : { ok: false, problem: 'not_found', errors: { id: 'No such budget.' } }
}

export async function listBudgets(db: Db, organizationId?: number): Promise<Budget[]> {
  const query = AiBudget.query(db).orderBy([
    { column: 'organization_id' },
    { column: 'user_id', nulls: 'first' },
  ])
  if (organizationId != null) query.where({ organization_id: organizationId })
  return (await query).map(toBudget)
}

/** Which budgets the admin's list shows: one organization's, or one scope kind's (none: all). */
export interface BudgetListFilter {
  organizationId?: number
  scope?: BudgetScope
}

export interface BudgetPage {
  /** The page's budget ids, in the list's order (organizations by name, each one's own budget first). */
  ids: number[]
  /** Budgets matching the filter, over all pages. */
  total: number
  /** 1-based; a page past the last is read as the last. */
  page: number
  pageCount: number
}

export const BUDGET_PAGE_SIZE = 50

/**
 * One page of the budgets list, by offset: even thousands of budgets are a small table, and a
 * page number is what an admin expects to share. Only the ids and the count are read here, so the
 * caller formats, forecasts and looks up reservations for this page's budgets only.
 */
export async function listBudgetPage(
  db: Db,
  filter: BudgetListFilter & { page?: number; pageSize?: number },
): Promise<BudgetPage> {
  const pageSize = filter.pageSize ?? BUDGET_PAGE_SIZE
  const matching = () =>
    db('ai_budgets as b').modify((q) => {
      if (filter.organizationId != null) q.where('b.organization_id', filter.organizationId)
      if (filter.scope) whereScope(q, filter.scope)
    })
  const [counted] = await matching().count<Array<{ count: string }>>('* as count')
  const total = Number(counted?.count ?? 0)
  const pageCount = Math.max(1, Math.ceil(total / pageSize))
  const page = Math.min(Math.max(1, Math.trunc(filter.page ?? 1) || 1), pageCount)
  const rows: Array<{ id: number }> = await matching()
    .join('organizations as o', 'o.id', 'b.organization_id')
    // The order of getBudgetStates, so the page reads as a slice of the whole list.
    .orderBy([
      { column: 'o.name' },
      { column: 'b.organization_id' },
      { column: 'b.user_id', nulls: 'first' },
      { column: 'b.project_id', nulls: 'first' },
      { column: 'b.api_key_id', nulls: 'first' },
      { column: 'b.id' },
    ])
    .limit(pageSize)
    .offset((page - 1) * pageSize)
    .select('b.id')
  return { ids: rows.map((r) => Number(r.id)), total, page, pageCount }
}

function whereScope(q: Knex.QueryBuilder, scope: BudgetScope): void {
  const column = { user: 'b.user_id', project: 'b.project_id', api_key: 'b.api_key_id' } as const
  if (scope === 'organization') q.whereNull('b.user_id').whereNull('b.project_id').whereNull('b.api_key_id')
  else q.whereNotNull(column[scope])
}

/** The organizations that have a budget, by name: the list's organization filter. */
export async function listBudgetOrganizations(db: Db): Promise<Array<{ id: number; name: string }>> {
  const rows: Array<{ id: number; name: string }> = await db('organizations as o')
    .whereExists(db('ai_budgets as b').whereRaw('b.organization_id = o.id'))
    .orderBy([{ column: 'o.name' }, { column: 'o.id' }])
    .select('o.id', 'o.name')
  return rows.map((r) => ({ id: Number(r.id), name: r.name }))
}
