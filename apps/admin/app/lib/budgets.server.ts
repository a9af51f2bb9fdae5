import {
  type BudgetFields,
  type BudgetListFilter,
  type BudgetTarget,
  type BudgetWithState,
  type Db,
  findOrCreateUserByExternalId,
  getBudgetStates,
  listBudgetOrganizations,
  listBudgetPage,
} from '@tokenledger/db'
import {
  type BudgetScope,
  budgetScope,
  DEFAULT_BUDGET_PERIOD,
  DEFAULT_BUDGET_TIME_ZONE,
  DEFAULT_WARNING_THRESHOLD,
  isTimeZone,
} from '@tokenledger/domain'
import type { BudgetFormErrors, BudgetFormValues } from '../components/budget-form'
import { usd } from './format.server'
import { userLabel } from './labels'

/** The budgets list, formatted: each with its scope names, usage, limit, percent and state. */
export async function loadBudgetRows(db: Db, now: Date, budgetIds?: number[]) {
  return (await getBudgetStates(db, { now, budgetIds })).map(toBudgetRow)
}

/** The list's filters and page as the URL carries them (`?org=&scope=&page=`); anything else reads as none. */
export function readBudgetListQuery(params: URLSearchParams): BudgetListFilter & { page: number } {
  const org = Number(params.get('org'))
  const scope = params.get('scope')
  const page = Number(params.get('page'))
  return {
    organizationId: params.get('org') && Number.isSafeInteger(org) && org > 0 ? org : undefined,
    scope: BUDGET_SCOPE_CHOICES.find((s) => s === scope),
    page: Number.isSafeInteger(page) && page > 0 ? page : 1,
  }
}

/** One page of the budgets list, with the organizations its filter offers. */
export async function loadBudgetPage(db: Db, now: Date, query: BudgetListFilter & { page: number }) {
  const [page, organizations] = await Promise.all([listBudgetPage(db, query), listBudgetOrganizations(db)])
  // Rows in the page's order: getBudgetStates sorts alike, but the page's ids are the authority.
  const rows = page.ids.length ? await loadBudgetRows(db, now, page.ids) : []
  const byId = new Map(rows.map((r) => [r.id, r]))
  return {
    budgets: page.ids.flatMap((id) => byId.get(id) ?? []),
    page: { page: page.page, pageCount: page.pageCount, total: page.total },
    organizations,
  }
}

const SCOPE_LABELS: Record<BudgetScope, string> = {
  organization: 'Organization budget',
  user: 'User budget',
  project: 'Project budget',
  api_key: 'API key budget',
}

/** One budget as the list and the edit page show it. */
export function toBudgetRow(b: BudgetWithState) {
  const scope = budgetScope(b)
  return {
    id: b.id,
    organizationId: b.organizationId,
    organizationName: b.organizationName,
    userId: b.userId,
    /** The user's name as every page shows it (an app's user may have none); null for an organization budget. */
    userName:
      b.userId == null
        ? null
        : userLabel({ id: b.userId, name: b.userName, email: b.userEmail, externalId: b.userExternalId }),
    /** The email under the name, unless the name already is the email. */
    userEmail: b.userName ? b.userEmail : null,
    userExternalId: b.userExternalId,
    scope,
    scopeLabel: SCOPE_LABELS[scope],
    /** What the budget is for, by name: the organization, user, project or key. */
    name: budgetName(b, scope),
    period: b.period ?? DEFAULT_BUDGET_PERIOD,
    timeZone: b.timeZone ?? DEFAULT_BUDGET_TIME_ZONE,
    usage: usd(b.usage),
    limit: b.monthlyLimit == null ? null : usd(b.monthlyLimit),
    percent: b.percent,
    threshold: Number(b.warningThreshold),
    state: b.state,
    isActive: b.isActive,
    allowOverride: b.allowOverride,
  }
}

function budgetName(b: BudgetWithState, scope: BudgetScope): string {
  if (scope === 'user')
    return userLabel({
      id: b.userId as number,
      name: b.userName,
      email: b.userEmail,
      externalId: b.userExternalId,
    })
  if (scope === 'project') return b.projectName ?? `project ${b.projectId}`
  if (scope === 'api_key') return b.apiKeyName ?? `API key ${b.apiKeyId}`
  return b.organizationName
}

export const BUDGET_SCOPE_CHOICES = ['organization', 'user', 'project', 'api_key'] as const

/**
 * Who and which period the new-budget form names, as `createBudget` takes it. A user is a member
 * picked from the list or an app's user typed by external id, created (as `budgets` and the
 * write path do) when the organization does not know it yet.
 */
export async function readBudgetTarget(
  db: Db,
  form: FormData,
): Promise<{ ok: true; target: BudgetTarget } | { ok: false; errors: BudgetFormErrors }> {
  const text = (name: string) => String(form.get(name) ?? '').trim()
  const organizationId = Number(text('organizationId'))
  if (!text('organizationId') || !Number.isSafeInteger(organizationId))
    return { ok: false, errors: { organizationId: 'Choose an organization.' } }
  const id = (name: string) => {
    const value = Number(text(name))
    return text(name) && Number.isSafeInteger(value) ? value : null
  }
  const base = {
    organizationId,
    userId: null,
    period: text('period') || DEFAULT_BUDGET_PERIOD,
    timeZone: text('timeZone') || DEFAULT_BUDGET_TIME_ZONE,
  }
  const scope = text('scope') || 'organization'
  if (scope === 'organization') return { ok: true, target: base }
  if (scope === 'project') {
    const projectId = id('projectId')
    return projectId == null
      ? { ok: false, errors: { projectId: 'Choose a project.' } }
      : { ok: true, target: { ...base, projectId } }
  }
  if (scope === 'api_key') {
    const apiKeyId = id('apiKeyId')
    return apiKeyId == null
      ? { ok: false, errors: { apiKeyId: 'Choose an API key.' } }
      : { ok: true, target: { ...base, apiKeyId } }
  }
  if (scope !== 'user') return { ok: false, errors: { scope: 'Choose who the budget is for.' } }
  // The form sends the external id as typed: only surrounding spaces would be refused, not trimmed.
  const externalId = String(form.get('userExternalId') ?? '')
  if (externalId !== '') {
    const found = await findOrCreateUserByExternalId(db, organizationId, { externalId })
    return found.ok
      ? { ok: true, target: { ...base, userId: found.userId } }
      : { ok: false, errors: { userExternalId: Object.values(found.errors).join(' ') } }
  }
  const userId = id('userId')
  return userId == null
    ? { ok: false, errors: { userId: "Choose a member or type the app's user id." } }
    : { ok: true, target: { ...base, userId } }
}

/** The form's limit, threshold and switches. An empty limit means "no limit"; an empty threshold, the default. */
export function readBudgetFields(
  form: FormData,
): BudgetFields & { raw: { monthlyLimit: string; warningThreshold: string } } {
  const monthlyLimit = String(form.get('monthlyLimit') ?? '')
    .trim()
    .replace(/^\$/, '')
    .replaceAll(',', '')
  const warningThreshold = String(form.get('warningThreshold') ?? '')
    .trim()
    .replace(/%$/, '')
  return {
    monthlyLimit: monthlyLimit === '' ? null : monthlyLimit,
    warningThreshold: warningThreshold === '' ? DEFAULT_WARNING_THRESHOLD : warningThreshold,
    allowOverride: form.get('allowOverride') === 'on',
    isActive: form.get('isActive') === 'on',
    raw: { monthlyLimit, warningThreshold },
  }
}

/** The budget form's values as sent, to show it again with its errors. */
export function sentBudgetValues(
  form: FormData,
  fields: ReturnType<typeof readBudgetFields>,
): BudgetFormValues {
  const text = (name: string) => String(form.get(name) ?? '')
  return {
    organizationId: text('organizationId'),
    scope: text('scope') || 'organization',
    userId: text('userId'),
    userExternalId: text('userExternalId'),
    projectId: text('projectId'),
    apiKeyId: text('apiKeyId'),
    period: text('period'),
    timeZone: text('timeZone'),
    monthlyLimit: fields.raw.monthlyLimit,
    warningThreshold: fields.warningThreshold,
    allowOverride: fields.allowOverride,
    isActive: fields.isActive,
  }
}

/** The new-budget form as it first shows: no limit, the default threshold, overrides allowed, active. */
export function newBudgetValues(
  organizationId: string,
  timeZone: string = DEFAULT_BUDGET_TIME_ZONE,
): BudgetFormValues {
  return {
    organizationId,
    scope: 'organization',
    userId: '',
    userExternalId: '',
    projectId: '',
    apiKeyId: '',
    period: DEFAULT_BUDGET_PERIOD,
    timeZone,
    monthlyLimit: '',
    warningThreshold: DEFAULT_WARNING_THRESHOLD,
    allowOverride: true,
    isActive: true,
  }
}

/**
 * The zone a new budget's periods default to: `TOKENLEDGER_TIMEZONE` (the zone the worker's
 * crontab reads), else UTC. Each budget keeps its own zone once created.
 */
export function configuredBudgetTimeZone(value = process.env.TOKENLEDGER_TIMEZONE): string {
  const zone = value?.trim()
  return zone && isTimeZone(zone) ? zone : DEFAULT_BUDGET_TIME_ZONE
}
