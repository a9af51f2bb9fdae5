// The budget-override confirmation, as the admin's /override/:id page shows it and as a modal an
// app can render in its own UI. Self-contained on purpose: React only, inline styles (no Tailwind),
// so it looks the same wherever it is embedded. Money goes through the domain's money module (the
// same rule the admin uses), imported by subpath so the browser gets decimal.js and nothing else.
import type { AppRouter } from '@tokenledger/api'
import { formatCallCost, formatUsd } from '@tokenledger/domain/money'
import type { inferRouterOutputs } from '@trpc/server'
import { type CSSProperties, type ReactNode, useEffect, useId, useRef } from 'react'

type RouterOutputs = inferRouterOutputs<AppRouter>
type CheckOutput = RouterOutputs['budgets']['check']
type OverrideOutput = RouterOutputs['budgets']['getOverride']

type CheckedBudget = CheckOutput['budgets'][number]

/**
 * One budget as the budget check evaluated it (`budgets.check`'s budgets, the fields shown).
 * `budgetId` and `period` are optional because a check stored by an older server lacks them: such
 * a budget is monthly and the only one of its scope.
 */
export type OverrideBudget = Pick<
  CheckedBudget,
  'scope' | 'limit' | 'usage' | 'projectedUsage' | 'percent' | 'threshold' | 'status'
> &
  Partial<Pick<CheckedBudget, 'budgetId' | 'period'>> & { allowOverride?: boolean }

const SCOPE_LABELS: Record<CheckedBudget['scope'], string> = {
  organization: 'Organization',
  user: 'Your budget',
  project: 'Project',
  api_key: 'API key',
}

const PERIOD_WORDS: Record<CheckedBudget['period'], { label: string; span: string }> = {
  monthly: { label: 'monthly', span: 'this month' },
  weekly: { label: 'weekly', span: 'this week' },
  daily: { label: 'daily', span: 'today' },
}

/** What a budget is, as its card's heading says it: scope and period ("Organization, daily"). */
export function budgetLabel(budget: Pick<OverrideBudget, 'scope' | 'period'>): string {
  return `${SCOPE_LABELS[budget.scope]}, ${PERIOD_WORDS[budget.period ?? 'monthly'].label}`
}

/** Two budgets of one scope (a monthly and a daily organization budget) are told apart by id. */
function budgetKey(budget: OverrideBudget): string {
  return budget.budgetId != null ? `id:${budget.budgetId}` : `scope:${budget.scope}`
}

/** A budget check as `budgets.check` returns it (and as an override stores it when requested). */
export type OverrideCheck = Pick<CheckOutput, 'status'> & {
  budgets: OverrideBudget[]
  message?: string
}

/** The request's status from `budgets.getOverride`, or `expired` / `unknown` as the page tells them. */
export type OverrideState = OverrideOutput['status'] | 'expired' | 'unknown'

/** What the confirmation shows: the data of `budgets.requestOverride` / `getOverride`, plus names. */
export interface BudgetOverrideData {
  state: OverrideState
  organizationName?: string | null
  userName?: string | null
  /** The coming call's estimated cost, if the app gave one. */
  estimatedCost?: OverrideOutput['estimatedCost']
  /** The check stored when the override was requested. */
  requested?: OverrideCheck | null
  /** The same budgets evaluated again now (optional). */
  current?: OverrideCheck | null
  /** When a pending request (or an unused confirmation) lapses, ISO string or Date. */
  expiresAt?: string | Date | null
  decidedAt?: string | Date | null
}

const ROSE = '#e11d48'
const AMBER = '#d97706'
const EMERALD = '#059669'

const s = {
  root: {
    fontFamily:
      'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
    color: '#111827',
    lineHeight: 1.5,
  },
  title: { margin: 0, fontSize: 20, fontWeight: 700, letterSpacing: '-0.01em' },
  lead: { margin: '6px 0 0', fontSize: 14, color: '#4b5563' },
  budgets: { display: 'grid', gap: 12, marginTop: 20 },
  budget: { border: '1px solid #e5e7eb', borderRadius: 12, padding: 16, background: '#fff' },
  budgetHead: {
    display: 'flex',
    justifyContent: 'space-between',
    alignItems: 'baseline',
    gap: 8,
    fontSize: 13,
  },
  scope: { fontWeight: 600, color: '#374151' },
  figure: { marginTop: 6, fontSize: 22, fontWeight: 700, fontVariantNumeric: 'tabular-nums' },
  of: { fontSize: 14, fontWeight: 500, color: '#6b7280' },
  track: { position: 'relative', height: 8, borderRadius: 999, background: '#f3f4f6', marginTop: 10 },
  note: { marginTop: 8, fontSize: 13, color: '#4b5563', fontVariantNumeric: 'tabular-nums' },
  small: { fontSize: 12, color: '#6b7280' },
  estimate: {
    marginTop: 16,
    display: 'flex',
    justifyContent: 'space-between',
    fontSize: 14,
    padding: '10px 14px',
    borderRadius: 10,
    background: '#eef2ff',
    color: '#3730a3',
  },
  actions: { display: 'flex', flexWrap: 'wrap', justifyContent: 'flex-end', gap: 8, marginTop: 24 },
  banner: { marginTop: 20, padding: '14px 16px', borderRadius: 12, fontSize: 14 },
} satisfies Record<string, CSSProperties>

const BUTTON: CSSProperties = {
  appearance: 'none',
  border: 0,
  borderRadius: 8,
  padding: '9px 16px',
  fontSize: 14,
  fontWeight: 600,
  cursor: 'pointer',
  fontFamily:
    'Inter, ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif',
}

/** Button styles for hosts that want the confirmation's look. */
export const overrideButtonStyles = {
  confirm: { ...BUTTON, background: ROSE, color: '#fff' },
  cancel: { ...BUTTON, background: '#fff', color: '#1f2937', boxShadow: 'inset 0 0 0 1px #d1d5db' },
} satisfies Record<string, CSSProperties>

const STATES: Record<
  Exclude<OverrideState, 'pending'>,
  { title: string; text: string; colour: string; background: string }
> = {
  confirmed: {
    title: 'Confirmed',
    text: 'You chose to continue past the budget. Go back to the app: your next AI call goes ahead, once.',
    colour: '#065f46',
    background: '#ecfdf5',
  },
  cancelled: {
    title: 'Cancelled',
    text: 'You chose not to go past the budget. Nothing was spent.',
    colour: '#374151',
    background: '#f3f4f6',
  },
  used: {
    title: 'Already used',
    text: 'This confirmation was used by a call and cannot be used again. Ask the app for a new one if needed.',
    colour: '#5b21b6',
    background: '#f5f3ff',
  },
  expired: {
    title: 'Expired',
    text: 'This request is no longer valid. Ask the app for a new confirmation link.',
    colour: '#92400e',
    background: '#fffbeb',
  },
  unknown: {
    title: 'Unknown request',
    text: 'There is no budget override request at this address. Check the link, or ask the app for a new one.',
    colour: '#9f1239',
    background: '#fff1f2',
  },
}

/**
 * The confirmation's content: what was spent, the limit, the percent and the projected cost, then
 * either `actions` (pending) or the request's final state.
 */
export function BudgetOverrideContent({
  data,
  actions,
  titleId,
}: {
  data: BudgetOverrideData
  actions?: ReactNode
  titleId?: string
}) {
  const order = { exceeded: 0, warning: 1, ok: 2 }
  // The budget that is used up first: it is the reason for this page.
  const budgets = [...((data.current?.budgets.length ? data.current : data.requested)?.budgets ?? [])].sort(
    (a, b) => order[a.status] - order[b.status],
  )
  const requestedBy = new Map((data.requested?.budgets ?? []).map((b) => [budgetKey(b), b]))
  const who = [data.userName, data.organizationName].filter(Boolean).join(' · ')
  if (data.state === 'unknown') return <StateBanner state="unknown" titleId={titleId} />
  return (
    <div style={s.root} data-testid="override-content">
      <h2 id={titleId} style={s.title}>
        {data.state === 'pending' ? 'This AI request goes past your budget' : 'Budget override'}
      </h2>
      <p style={s.lead}>
        {who ? `${who}. ` : ''}
        {data.state === 'pending'
          ? 'An AI budget is used up. You can continue anyway: your confirmation is recorded with your name and the time.'
          : 'This request was about going past an AI budget.'}
      </p>
      <div style={s.budgets}>
        {budgets.map((budget) => (
          <BudgetFigures
            key={budgetKey(budget)}
            budget={budget}
            requested={requestedBy.get(budgetKey(budget))}
          />
        ))}
      </div>
      {data.estimatedCost != null && (
        <div style={s.estimate} data-testid="override-estimate">
          <span>Estimated cost of this call</span>
          <strong>{formatMoney(data.estimatedCost, true)}</strong>
        </div>
      )}
      {data.state === 'pending' ? (
        <>
          {data.expiresAt && (
            <p style={{ ...s.small, marginTop: 12 }}>Valid until {formatInstant(data.expiresAt)} UTC.</p>
          )}
          {actions && <div style={s.actions}>{actions}</div>}
        </>
      ) : (
        <StateBanner state={data.state} />
      )}
    </div>
  )
}

function BudgetFigures({
  budget,
  requested,
}: {
  budget: OverrideBudget
  requested?: OverrideBudget | undefined
}) {
  const colour = budget.status === 'exceeded' ? ROSE : budget.status === 'warning' ? AMBER : EMERALD
  const width = Math.min(100, budget.percent ?? 100)
  const projectedDiffers = budget.projectedUsage !== budget.usage
  // Below a dollar of limit, cents hide what happens: show the exact amounts.
  const precise = Number(budget.limit) < 1
  const money = (value: string) => formatMoney(value, precise)
  return (
    <section
      style={s.budget}
      data-testid={`override-budget-${budget.scope}`}
      data-budget-id={budget.budgetId}
    >
      <div style={s.budgetHead}>
        <span style={s.scope} data-testid="override-budget-label">
          {budgetLabel(budget)}
        </span>
        <span style={{ color: colour, fontWeight: 700 }} data-testid="override-percent">
          {budget.percent == null ? 'limit $0' : `${formatNumber(budget.percent)}%`}
        </span>
      </div>
      <div style={s.figure}>
        <span data-testid="override-usage">{money(budget.usage)}</span>{' '}
        <span style={s.of}>
          of <span data-testid="override-limit">{money(budget.limit)}</span>{' '}
          {PERIOD_WORDS[budget.period ?? 'monthly'].span}
        </span>
      </div>
      <div style={s.track} aria-hidden="true">
        <div style={{ height: 8, borderRadius: 999, width: `${width}%`, background: colour }} />
        <div
          style={{
            position: 'absolute',
            top: -3,
            left: `calc(${Math.min(100, budget.threshold)}% - 1px)`,
            width: 2,
            height: 14,
            borderRadius: 2,
            background: '#6b7280',
          }}
          title={`Warning at ${budget.threshold}%`}
        />
      </div>
      {projectedDiffers && (
        <p style={s.note} data-testid="override-projected">
          With this call: {money(budget.projectedUsage)}
          {budget.percent != null && ` (${formatNumber(budget.percent)}% of the limit)`}
        </p>
      )}
      {requested && requested.usage !== budget.usage && (
        <p style={s.small} data-testid="override-requested">
          When asked: {money(requested.usage)} of {money(requested.limit)}
          {requested.percent != null && ` (${formatNumber(requested.percent)}%)`}
        </p>
      )}
    </section>
  )
}

function StateBanner({
  state,
  titleId,
}: {
  state: Exclude<OverrideState, 'pending'>
  titleId?: string | undefined
}) {
  const info = STATES[state]
  return (
    <div
      style={{ ...s.root, ...s.banner, background: info.background, color: info.colour }}
      role="status"
      data-testid={`override-state-${state}`}
    >
      <strong id={titleId} style={{ display: 'block', fontSize: 16 }}>
        {info.title}
      </strong>
      <span>{info.text}</span>
    </div>
  )
}

/**
 * The confirmation as a modal dialog for apps that render their own UI: the same content, with
 * Confirm and Cancel wired to the app's handlers (which call the api's `budgets.confirmOverride` /
 * `budgets.cancelOverride`).
 * Escape and the backdrop cancel; focus starts on Cancel, the safe choice.
 */
export function BudgetOverrideModal({
  open,
  data,
  onConfirm,
  onCancel,
  busy = false,
  error,
  confirmLabel = 'Continue anyway',
  cancelLabel = 'Cancel',
}: {
  open: boolean
  data: BudgetOverrideData
  onConfirm: () => void
  onCancel: () => void
  busy?: boolean
  error?: string | null
  confirmLabel?: string
  cancelLabel?: string
}) {
  const titleId = useId()
  const cancelRef = useRef<HTMLButtonElement>(null)
  useEffect(() => {
    if (!open) return
    cancelRef.current?.focus()
    const onKey = (event: KeyboardEvent) => {
      if (event.key === 'Escape') onCancel()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [open, onCancel])
  if (!open) return null
  return (
    // biome-ignore lint/a11y/noStaticElementInteractions: a click on the backdrop cancels; Escape and the Cancel button do too
    <div
      style={{
        position: 'fixed',
        inset: 0,
        zIndex: 1000,
        display: 'flex',
        alignItems: 'center',
        justifyContent: 'center',
        padding: 16,
        background: 'rgba(17, 24, 39, 0.55)',
      }}
      onMouseDown={(event) => {
        if (event.target === event.currentTarget && !busy) onCancel()
      }}
    >
      <div
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        style={{
          width: '100%',
          maxWidth: 520,
          maxHeight: 'calc(100vh - 32px)',
          overflowY: 'auto',
          background: '#f9fafb',
          borderRadius: 16,
          padding: 24,
          boxShadow: '0 20px 50px rgba(0,0,0,0.25)',
        }}
        data-testid="budget-override-modal"
      >
        <BudgetOverrideContent
          data={data}
          titleId={titleId}
          actions={
            <>
              <button
                ref={cancelRef}
                type="button"
                style={overrideButtonStyles.cancel}
                onClick={onCancel}
                disabled={busy}
              >
                {cancelLabel}
              </button>
              <button type="button" style={overrideButtonStyles.confirm} onClick={onConfirm} disabled={busy}>
                {busy ? 'Confirming…' : confirmLabel}
              </button>
            </>
          }
        />
        {error && (
          <p role="alert" style={{ ...s.root, marginTop: 12, fontSize: 14, color: ROSE }}>
            {error}
          </p>
        )}
        {data.state !== 'pending' && (
          <div style={s.actions}>
            <button type="button" style={overrideButtonStyles.cancel} onClick={onCancel}>
              Close
            </button>
          </div>
        )}
      </div>
    </div>
  )
}

/** Dollars and cents; `precise` (a single call's cost, a limit below a dollar) keeps the digits that matter. */
export function formatMoney(value: string, precise = false): string {
  return precise ? formatCallCost(value) : formatUsd(value, 2)
}

function formatNumber(value: number): string {
  return value.toLocaleString('en-US', { maximumFractionDigits: 2 })
}

function formatInstant(value: string | Date): string {
  return new Date(value).toISOString().replace('T', ' ').slice(0, 16)
}
