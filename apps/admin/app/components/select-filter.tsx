import type { ChangeEvent, ReactNode } from 'react'

/** A filter's small label above its control. */
export function FilterField({
  label,
  htmlFor,
  children,
}: {
  label: string
  htmlFor: string
  children: ReactNode
}) {
  return (
    <div>
      <label htmlFor={htmlFor} className="mb-1 block text-xs font-medium text-gray-600">
        {label}
      </label>
      {children}
    </div>
  )
}

export interface SelectOption {
  value: string | number
  label: string
}

/**
 * A labelled select for a GET filter form. `anyLabel` adds the empty "no filter" choice first
 * (e.g. "All"); without it one of the options is always chosen (e.g. the sort order).
 */
export function SelectFilter({
  label,
  name,
  value,
  options,
  anyLabel,
  onChange,
  disabled = false,
  title,
}: {
  label: string
  name: string
  value: string | undefined
  options: readonly SelectOption[]
  anyLabel?: string
  onChange?: (event: ChangeEvent<HTMLSelectElement>) => void
  disabled?: boolean
  title?: string
}) {
  const id = `f-${name}`
  return (
    <FilterField label={label} htmlFor={id}>
      <select
        id={id}
        name={name}
        defaultValue={value ?? ''}
        className="input py-1.5 disabled:bg-gray-50 disabled:text-gray-400"
        onChange={onChange}
        disabled={disabled}
        title={title}
      >
        {anyLabel != null && <option value="">{anyLabel}</option>}
        {options.map((o) => (
          <option key={o.value} value={o.value}>
            {o.label}
          </option>
        ))}
      </select>
    </FilterField>
  )
}
