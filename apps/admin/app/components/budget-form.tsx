import { Form } from '@remix-run/react'
import { type ReactNode, useState } from 'react'
import { ErrorAlert } from './alerts'
import { Check, FormField } from './form-field'
import { FormFooter } from './form-footer'

export interface BudgetFormValues {
  organizationId?: string
  userId?: string
  monthlyLimit: string
  warningThreshold: string
  allowOverride: boolean
  isActive: boolean
}

export type BudgetFormErrors = Partial<
  Record<'organizationId' | 'userId' | 'monthlyLimit' | 'warningThreshold' | 'id' | 'form', string>
>

interface ScopeOption {
  id: number
  name: string
  members: Array<{ id: number; name: string; email: string }>
}

/** Create (organization and optional member) or edit (limit, threshold, switches) a budget. */
export function BudgetForm({
  values,
  errors = {},
  scopes,
  scopeLabel,
  submitLabel,
}: {
  values: BudgetFormValues
  errors?: BudgetFormErrors
  /** Create: the organizations to choose from. Edit: absent (the scope is fixed). */
  scopes?: ScopeOption[]
  scopeLabel?: ReactNode
  submitLabel: string
}) {
  const [organizationId, setOrganizationId] = useState(values.organizationId ?? '')
  const chosen = scopes?.find((o) => String(o.id) === organizationId)
  const formError = errors.form ?? errors.id
  return (
    <Form method="post" className="card max-w-2xl" noValidate data-testid="budget-form">
      <div className="space-y-6 p-6">
        {formError && <ErrorAlert>{formError}</ErrorAlert>}
        {scopes ? (
          <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
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
            <FormField
              label="For"
              name="userId"
              error={errors.userId}
              help="The whole organization, or one of its members."
            >
              {(props) => (
                <select
                  {...props}
                  defaultValue={values.userId ?? ''}
                  className={`input ${errors.userId ? 'input-error' : ''}`}
                >
                  <option value="">The whole organization</option>
                  {(chosen ? [chosen] : scopes).map((o) => (
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
          </div>
        ) : (
          <div>
            <p className="label">For</p>
            <p className="text-sm text-gray-900">{scopeLabel}</p>
          </div>
        )}
        <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
          <FormField
            label="Monthly limit"
            name="monthlyLimit"
            error={errors.monthlyLimit}
            help="US dollars per calendar month (UTC). Leave empty for no limit."
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
