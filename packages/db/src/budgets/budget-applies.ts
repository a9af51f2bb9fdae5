/**
 * SQL: whether budget `budget` (an `ai_budgets` alias) applies to `call`, any row with the
 * call's `user_id`, `project_id` and `api_key_id`: an organization's budget (no scope column set)
 * to every call, a user's, project's or key's budget to the calls of that user, project or key.
 * One rule for counting a logged cost, holding a reservation and reading both back.
 */
export function budgetApplies(budget: string, call: string): string {
  return `(${budget}.user_id is null or ${budget}.user_id = ${call}.user_id)
  and (${budget}.project_id is null or ${budget}.project_id = ${call}.project_id)
  and (${budget}.api_key_id is null or ${budget}.api_key_id = ${call}.api_key_id)`
}

/**
 * SQL: the amount unexpired reservations of calls in flight hold against budget `budget`, as a
 * decimal string, at the time `at` (an SQL expression; default one `?` parameter).
 */
export function reservedAgainst(budget: string, at = '?'): string {
  return `(select coalesce(sum(r.amount), 0) from budget_reservations r
    where r.organization_id = ${budget}.organization_id and r.expires_at > ${at}
      and ${budgetApplies(budget, 'r')})::text`
}
