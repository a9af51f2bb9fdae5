import { Form } from '@remix-run/react'
import { PRICE_FIELDS, type PriceFormErrors, type PriceFormValues } from '../lib/price-form'
import { ErrorAlert } from './alerts'
import { FormField } from './form-field'
import { FormFooter } from './form-footer'

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
        {errors.form && <ErrorAlert>{errors.form}</ErrorAlert>}
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
      <FormFooter cancelTo="/prices" submitLabel={submitLabel} />
    </Form>
  )
}
