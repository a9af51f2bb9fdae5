import { type BudgetAtRisk, type Db, findBudgetsAtRisk, plausibleOverrunBudgetIds } from '@tokenledger/db'
import { budgetScope, toDecimal } from '@tokenledger/domain'
import { usd } from './format.server'
import { externalIdBeside, userLabel } from './labels'
import { recentCache } from './recent-cache'

/** How long the dashboard may show a forecast before computing it again (same candidates). */
export const AT_RISK_CACHE_MS = 60_000

/** Rows the dashboard widget lists; the rest are counted and left to the budgets list. */
export const AT_RISK_SHOWN = 8

const SCOPE_NAMES = {
  organization: 'Organization',
  user: 'User',
  project: 'Project',
  api_key: 'API key',
} as const

/** One budget at risk as the dashboard shows it. */
export function toAtRiskRow(b: BudgetAtRisk) {
  const scope = budgetScope(b)
  const name =
    scope === 'user'
      ? userLabel({
          id: b.userId as number,
          name: b.userName,
          email: b.userEmail,
          externalId: b.userExternalId,
        })
      : scope === 'project'
        ? (b.projectName ?? `project ${b.projectId}`)
        : scope === 'api_key'
          ? (b.apiKeyName ?? `API key ${b.apiKeyId}`)
          : b.organizationName
  const spent = toDecimal(b.forecast.spentSoFar)
  return {
    id: b.id,
    href: `/budgets/${b.id}`,
    scope,
    /** "User · Acme", or "Organization" for the organization's own budget. */
    scopeLabel:
      scope === 'organization' ? SCOPE_NAMES[scope] : `${SCOPE_NAMES[scope]} · ${b.organizationName}`,
    name,
    /** The app's own id beside the name (a user's or a project's), as every admin page shows it. */
    externalId: externalIdBeside(
      name,
      scope === 'user' ? b.userExternalId : scope === 'project' ? b.projectExternalId : null,
    ),
    period: b.period,
    timeZone: b.timeZone,
    spent: usd(b.forecast.spentSoFar),
    limit: usd(b.limit),
    projected: usd(b.forecast.projectedTotal),
    limitReachedOn: b.forecast.limitReachedOn,
    /** Already at or past the limit (not only forecast to be). */
    over: spent.gt(0) && spent.gte(toDecimal(b.limit)),
  }
}

export type AtRiskRow = ReturnType<typeof toAtRiskRow>

export interface BudgetsAtRiskView {
  rows: AtRiskRow[]
  /** Budgets at risk beyond the rows shown. */
  more: number
}

const caches = new WeakMap<Db, ReturnType<typeof recentCache<BudgetsAtRiskView>>>()

/**
 * The dashboard's budgets at risk. The pre-filter (one query on `ai_budgets`) runs on every view;
 * its candidates' forecasts are reused for up to a minute while the candidates stay the same, so
 * a budget that starts running fast shows at once, and a busy install forecasts at most once a
 * minute.
 */
export async function loadBudgetsAtRisk(db: Db, now: Date): Promise<BudgetsAtRiskView> {
  const ids = await plausibleOverrunBudgetIds(db, now)
  let cache = caches.get(db)
  if (!cache) {
    cache = recentCache<BudgetsAtRiskView>(AT_RISK_CACHE_MS)
    caches.set(db, cache)
  }
  return cache.get(ids.join(','), now.getTime(), async () => {
    const { budgets } = await findBudgetsAtRisk(db, now, ids)
    return {
      rows: budgets.slice(0, AT_RISK_SHOWN).map(toAtRiskRow),
      more: Math.max(0, budgets.length - AT_RISK_SHOWN),
    }
  })
}
