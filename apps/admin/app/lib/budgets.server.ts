import { type BudgetFields, type Db, getBudgetStates } from '@tokenledger/db'
import { DEFAULT_WARNING_THRESHOLD } from '@tokenledger/domain'
import { usd } from './format.server'

export type BudgetFieldErrors = Partial<
  Record<'organizationId' | 'userId' | 'monthlyLimit' | 'warningThreshold' | 'id' | 'form', string>
>

/** The budgets list, formatted: each with its scope names, usage, limit, percent and state. */
export async function loadBudgetRows(db: Db, now: Date) {
  const budgets = await getBudgetStates(db, { now })
  return budgets.map((b) => ({
    id: b.id,
    organizationId: b.organizationId,
    organizationName: b.organizationName,
    userId: b.userId,
    userName: b.userName,
    userEmail: b.userEmail,
    usage: usd(b.usage),
    limit: b.monthlyLimit == null ? null : usd(b.monthlyLimit),
    percent: b.percent,
    threshold: Number(b.warningThreshold),
    state: b.state,
    isActive: b.isActive,
    allowOverride: b.allowOverride,
  }))
}

/** Organizations with their members, for the "who is this budget for" choice. */
export async function loadScopeOptions(db: Db) {
  const rows: Array<{
    organization_id: number
    organization_name: string
    user_id: number | null
    user_name: string | null
    user_email: string | null
  }> = await db('organizations as o')
    .leftJoin('organization_user as ou', 'ou.organization_id', 'o.id')
    .leftJoin('users as u', 'u.id', 'ou.user_id')
    .select(
      'o.id as organization_id',
      'o.name as organization_name',
      'u.id as user_id',
      'u.name as user_name',
      'u.email as user_email',
    )
    .orderBy([{ column: 'o.name' }, { column: 'u.name' }])
  const organizations = new Map<
    number,
    { id: number; name: string; members: Array<{ id: number; name: string; email: string }> }
  >()
  for (const row of rows) {
    const org = organizations.get(row.organization_id) ?? {
      id: row.organization_id,
      name: row.organization_name,
      members: [],
    }
    if (row.user_id != null)
      org.members.push({ id: row.user_id, name: row.user_name ?? '', email: row.user_email ?? '' })
    organizations.set(row.organization_id, org)
  }
  return [...organizations.values()]
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
