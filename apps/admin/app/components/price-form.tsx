import { Form, Link, useNavigation } from '@remix-run/react'
import { PRICE_FIELDS, type PriceFormErrors, type PriceFormValues } from '../lib/price-form'
import { FormField } from './budget-form'

type Values = PriceFormValues

/** A custom (negotiated) price for one provider + model, from a moment on. */
export function PriceForm({
  values,
  errors = {},
  submitLabel,
}: {
  values: Values
  errors?: PriceFormErrors
  submitLabel: string
}) {
  const saving = useNavigation().state === 'submitting'
  const input =
    (name: keyof Values, placeholder = '') =>
    (props: Record<string, unknown>) => (
      <input
        {...props}
        defaultValue={values[name]}
        placeholder={placeholder}
        className={`input ${errors[name] ? 'input-error' : ''}`}
      />
    )
  return (
    <Form method="post" className="card max-w-3xl" noValidate data-testid="price-form">
      <div className="space-y-6 p-6">
        {errors.form && (
          <p
            role="alert"
            className="rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200"
          >
            {errors.form}
          </p>
        )}
        <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
          <FormField
            label="Provider"
            name="provider"
            error={errors.provider}
            help="As the SDK logs it, e.g. openai."
          >
            {input('provider', 'openai')}
          </FormField>
          <FormField label="Model" name="model" error={errors.model} help="Exact model id, e.g. gpt-4o.">
            {input('model', 'gpt-4o')}
          </FormField>
        </div>
        <fieldset>
          <legend className="text-sm font-semibold text-gray-900">Dollars per million tokens</legend>
          <p className="text-xs text-gray-500">
            Empty cache and reasoning prices fall back to the input and output prices.
          </p>
          <div className="mt-3 grid grid-cols-2 gap-4 sm:grid-cols-3 lg:grid-cols-5">
            {PRICE_FIELDS.map(([name, label, required]) => (
              <FormField
                key={name}
                label={`${label}${required ? '' : ' (optional)'}`}
                name={name}
                error={errors[name]}
              >
                {(props) => (
                  <div className="relative">
                    <span className="pointer-events-none absolute inset-y-0 left-3 flex items-center text-sm text-gray-500">
                      $
                    </span>
                    <input
                      {...props}
                      inputMode="decimal"
                      defaultValue={values[name]}
                      className={`input pl-7 ${errors[name] ? 'input-error' : ''}`}
                    />
                  </div>
                )}
              </FormField>
            ))}
          </div>
        </fieldset>
        <div className="grid grid-cols-1 gap-6 sm:grid-cols-2">
          <FormField
            label="Effective from (UTC)"
            name="effectiveFrom"
            error={errors.effectiveFrom}
            help="YYYY-MM-DD or YYYY-MM-DDTHH:MM. Calls from then on use this price."
          >
            {input('effectiveFrom', '2026-01-01')}
          </FormField>
          <FormField
            label="Notes"
            name="notes"
            error={errors.notes}
            help="Optional, e.g. the contract reference."
          >
            {input('notes')}
          </FormField>
        </div>
      </div>
      <div className="flex items-center justify-end gap-2 rounded-b-xl border-t border-gray-100 bg-gray-50 px-6 py-4">
        <Link to="/prices" className="btn-secondary">
          Cancel
        </Link>
        <button type="submit" className="btn-primary" disabled={saving}>
          {saving ? 'Saving…' : submitLabel}
        </button>
      </div>
    </Form>
  )
}
