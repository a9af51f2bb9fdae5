import type { Attribution } from '../attribution'

/** How long a cached `ok` (a lease, see budget-lease.ts) lets calls through when the caller sets nothing (ms). */
export const DEFAULT_OK_CACHE_TTL_MS = 5_000

/**
 * The budgets a check covers depend on who the call is for (the organization is the API key's, so
 * one per Tokenledger): the user and the project, by either form. Calls with the same key share a
 * lease. A numeric id and an app's own id are keyed apart, never collide.
 */
export function budgetScopeKey(attribution: Attribution): string {
  return [
    `user:${attribution.userId ?? '-'}`,
    `userRef:${attribution.user?.externalId ?? '-'}`,
    `project:${attribution.projectId ?? '-'}`,
    `projectRef:${attribution.project?.externalId ?? '-'}`,
  ].join('\u0000')
}
