import { Form } from '@remix-run/react'
import { useState } from 'react'
import { ErrorAlert } from './alerts'
import { Check, FormField } from './form-field'
import { FormFooter } from './form-footer'

export interface BudgetFormValues {
  organizationId?: string
  /** 'organization' | 'user' | 'project' | 'api_key'. */
  scope?: string
  userId?: string
  userExternalId?: string
  projectId?: string
  apiKeyId?: string
  /** 'monthly' | 'weekly' | 'daily'. */
  period?: string
  timeZone?: string
  monthlyLimit: string
  warningThreshold: string
  allowOverride: boolean
  isActive: boolean
}

export type BudgetFormErrors = Partial<
  Record<
    | 'organizationId'
    | 'scope'
    | 'userId'
    | 'userExternalId'
    | 'projectId'
    | 'apiKeyId'
    | 'period'
    | 'timeZone'
    | 'monthlyLimit'
    | 'warningThreshold'
    | 'id'
    | 'form',
    string
  >
>

interface ScopeOption {
  id: number
  name: string
  members: Array<{ id: number; name: string; email: string }>
  projects: Array<{ id: number; name: string }>
  apiKeys: Array<{ id: number; name: string; prefix: string }>
}

const MONTHLY_WORDS = { limit: 'Monthly limit', help: 'US dollars per calendar month.' }
const PERIOD_WORDS: Record<string, { limit: string; help: string }> = {
  monthly: MONTHLY_WORDS,
  weekly: { limit: 'Weekly limit', help: 'US dollars per week, Monday to Sunday.' },
  daily: { limit: 'Daily limit', help: 'US dollars per day.' },
}

/**
 * Create (organization, then who inside it and the period) or edit a budget. Editing keeps the
 * organization (`organizationName` shown instead of its choice) but may change who inside it and
 * the period: the counter is then recomputed for them.
 */
export function BudgetForm({
  values,
  errors = {},
  scopes,
  organizationName,
  submitLabel,
}: {
  values: BudgetFormValues
  errors?: BudgetFormErrors
  /** The organizations to choose from (edit: only the budget's own). */
  scopes: ScopeOption[]
  /** Edit: the budget's organization, which stays. */
  organizationName?: string
  submitLabel: string
}) {
  const [organizationId, setOrganizationId] = useState(values.organizationId ?? '')
  const [scope, setScope] = useState(values.scope ?? 'organization')
  const [period, setPeriod] = useState(values.period ?? 'monthly')
  const chosen = scopes.find((o) => String(o.id) === organizationId)
  const listed = chosen ? [chosen] : scopes
  const words = PERIOD_WORDS[period] ?? MONTHLY_WORDS
  const formError = errors.form ?? errors.id
  return (
    <Form method="post" className="card max-w-2xl" noValidate data-testid="budget-form">
      <div className="space-y-6 p-6">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
          {organizationName ? (
            <div>
              <p className="label">Organization</p>
              <p className="mt-2 text-sm text-gray-900" data-testid="budget-organization">
                {organizationName}
              </p>
              <input type="hidden" name="organizationId" value={organizationId} />
              {errors.organizationId && (
                <p className="mt-1 text-sm text-rose-600" data-testid="error-organizationId">
                  {errors.organizationId}
                </p>
              )}
            </div>
          ) : (
            <FormField label="Organization" name="organizationId" error={errors.organizationId}>
              {(props) => (
                <select
                  {...props}
                  value={organizationId}
                  onChange={(e) => setOrganizationId(e.currentTarget.value)}
                  className={`input ${errors.organizationId ? 'input-error' : ''}`}
                >
                  <option value="">Choose an organization</option>
                  {scopes.map((o) => (
                    <option key={o.id} value={o.id}>
                      {o.name}
                    </option>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField
            label="Budget for"
            name="scope"
            error={errors.scope}
            help="The whole organization, or one user, project or API key in it."
          >
            {(props) => (
              <select
                {...props}
                value={scope}
                onChange={(e) => setScope(e.currentTarget.value)}
                className={`input ${errors.scope ? 'input-error' : ''}`}
              >
                <option value="organization">The whole organization</option>
                <option value="user">A user</option>
                <option value="project">A project</option>
                <option value="api_key">An API key</option>
              </select>
            )}
          </FormField>
          {scope === 'user' && (
            <>
              <FormField label="Member" name="userId" error={errors.userId}>
                {(props) => (
                  <select
                    {...props}
                    defaultValue={values.userId ?? ''}
                    className={`input ${errors.userId ? 'input-error' : ''}`}
                  >
                    <option value="">Choose a member</option>
                    {listed.map((o) => (
                      <optgroup key={o.id} label={o.name}>
                        {o.members.map((m) => (
                          <option key={m.id} value={m.id}>
                            {m.name} ({m.email})
                          </option>
                        ))}
                      </optgroup>
                    ))}
                  </select>
                )}
              </FormField>
              <FormField
                label="Or the app's user id"
                name="userExternalId"
                error={errors.userExternalId}
                help="A user of your app, by the id your app gives it; created if new."
              >
                {(props) => (
                  <input
                    {...props}
                    defaultValue={values.userExternalId ?? ''}
                    placeholder="usr_123"
                    className={`input ${errors.userExternalId ? 'input-error' : ''}`}
                  />
                )}
              </FormField>
            </>
          )}
          {scope === 'project' && (
            <FormField label="Project" name="projectId" error={errors.projectId}>
              {(props) => (
                <select
                  {...props}
                  defaultValue={values.projectId ?? ''}
                  className={`input ${errors.projectId ? 'input-error' : ''}`}
                >
                  <option value="">Choose a project</option>
                  {listed.map((o) => (
                    <optgroup key={o.id} label={o.name}>
                      {o.projects.map((p) => (
                        <option key={p.id} value={p.id}>
                          {p.name}
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </FormField>
          )}
          {scope === 'api_key' && (
            <FormField label="API key" name="apiKeyId" error={errors.apiKeyId}>
              {(props) => (
                <select
                  {...props}
                  defaultValue={values.apiKeyId ?? ''}
                  className={`input ${errors.apiKeyId ? 'input-error' : ''}`}
                >
                  <option value="">Choose an API key</option>
                  {listed.map((o) => (
                    <optgroup key={o.id} label={o.name}>
                      {o.apiKeys.map((k) => (
                        <option key={k.id} value={k.id}>
                          {k.name} ({k.prefix}…)
                        </option>
                      ))}
                    </optgroup>
                  ))}
                </select>
              )}
            </FormField>
          )}
          <FormField label="Period" name="period" error={errors.period}>
            {(props) => (
              <select
                {...props}
                value={period}
                onChange={(e) => setPeriod(e.currentTarget.value)}
                className={`input ${errors.period ? 'input-error' : ''}`}
              >
                <option value="monthly">Monthly</option>
                <option value="weekly">Weekly (Monday to Sunday)</option>
                <option value="daily">Daily</option>
              </select>
            )}
          </FormField>
          <FormField
            label="Time zone"
            name="timeZone"
            error={errors.timeZone}
            help="Periods start at midnight here, e.g. UTC or Europe/Berlin."
          >
            {(props) => (
              <input
                {...props}
                defaultValue={values.timeZone ?? 'UTC'}
                className={`input ${errors.timeZone ? 'input-error' : ''}`}
              />
            )}
          </FormField>
        </div>
        <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
          <FormField
            label={words.limit}
            name="monthlyLimit"
            error={errors.monthlyLimit}
            help={`${words.help} Leave empty for no limit.`}
          >
            {(props) => (
              <div className="relative">
                <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-gray-500">
                  $
                </span>
                <input
                  {...props}
                  inputMode="decimal"
                  defaultValue={values.monthlyLimit}
                  placeholder="250.00"
                  className={`input pl-7 ${errors.monthlyLimit ? 'input-error' : ''}`}
                />
              </div>
            )}
          </FormField>
          <FormField
            label="Warning threshold"
            name="warningThreshold"
            error={errors.warningThreshold}
            help="Warn from this share of the limit, 0 to 100."
          >
            {(props) => (
              <div className="relative">
                <input
                  {...props}
                  inputMode="decimal"
                  defaultValue={values.warningThreshold}
                  className={`input pr-8 ${errors.warningThreshold ? 'input-error' : ''}`}
                />
                <span className="pointer-events-none absolute inset-y-0 right-3 flex items-center text-sm text-gray-500">
                  %
                </span>
              </div>
            )}
          </FormField>
        </div>
        <fieldset className="space-y-4">
          <legend className="sr-only">Options</legend>
          <Check
            name="allowOverride"
            defaultChecked={values.allowOverride}
            label="Allow overrides"
            help="Past the limit, an end user may knowingly confirm to continue. Otherwise calls are blocked."
          />
          <Check
            name="isActive"
            defaultChecked={values.isActive}
            label="Active"
            help="An inactive budget is kept but never warns nor blocks."
          />
        </fieldset>
      </div>
      <FormFooter cancelTo="/budgets" submitLabel={submitLabel} intent="save" />
    </Form>
  )
}
