import { type BudgetFields, type BudgetWithState, type Db, getBudgetStates } from '@tokenledger/db'
import { DEFAULT_WARNING_THRESHOLD } from '@tokenledger/domain'
import type { BudgetFormValues } from '../components/budget-form'
import { usd } from './format.server'
import { userLabel } from './labels'

export type BudgetFieldErrors = Partial<
  Record<'organizationId' | 'userId' | 'monthlyLimit' | 'warningThreshold' | 'id' | 'form', string>
>

/** The budgets list, formatted: each with its scope names, usage, limit, percent and state. */
export async function loadBudgetRows(db: Db, now: Date) {
  return (await getBudgetStates(db, { now })).map(toBudgetRow)
}

/** One budget as the list and the edit page show it. */
export function toBudgetRow(b: BudgetWithState) {
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
    usage: usd(b.usage),
    limit: b.monthlyLimit == null ? null : usd(b.monthlyLimit),
    percent: b.percent,
    threshold: Number(b.warningThreshold),
    state: b.state,
    isActive: b.isActive,
    allowOverride: b.allowOverride,
  }
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

/** The new-budget form as it first shows: no limit, the default threshold, overrides allowed, active. */
export function newBudgetValues(organizationId: string): BudgetFormValues {
  return {
    organizationId,
    userId: '',
    monthlyLimit: '',
    warningThreshold: DEFAULT_WARNING_THRESHOLD,
    allowOverride: true,
    isActive: true,
  }
}
