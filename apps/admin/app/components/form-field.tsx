import type { ReactNode } from 'react'

/** A labelled form control with its error (or help) wired to it for screen readers. */
export function FormField({
  label,
  name,
  error,
  help,
  children,
}: {
  label: string
  name: string
  error?: string | undefined
  help?: string
  children: (props: {
    id: string
    name: string
    'aria-invalid': boolean
    'aria-describedby': string | undefined
  }) => ReactNode
}) {
  const id = `field-${name}`
  const describedBy =
    [error ? `${id}-error` : null, help ? `${id}-help` : null].filter(Boolean).join(' ') || undefined
  return (
    <div>
      <label htmlFor={id} className="label">
        {label}
      </label>
      {children({ id, name, 'aria-invalid': Boolean(error), 'aria-describedby': describedBy })}
      {error ? (
        <p id={`${id}-error`} className="mt-1.5 text-sm text-rose-600" data-testid={`error-${name}`}>
          {error}
        </p>
      ) : help ? (
        <p id={`${id}-help`} className="mt-1.5 text-xs text-gray-500">
          {help}
        </p>
      ) : null}
    </div>
  )
}

/** A checkbox with its label and a line of help. */
export function Check({
  name,
  label,
  help,
  defaultChecked,
}: {
  name: string
  label: string
  help: string
  defaultChecked: boolean
}) {
  return (
    <div className="flex gap-3">
      <input
        id={`field-${name}`}
        name={name}
        type="checkbox"
        defaultChecked={defaultChecked}
        className="mt-0.5 h-4 w-4 rounded border-gray-300 text-indigo-600 focus:ring-indigo-600"
        aria-describedby={`field-${name}-help`}
      />
      <div className="text-sm">
        <label htmlFor={`field-${name}`} className="font-medium text-gray-900">
          {label}
        </label>
        <p id={`field-${name}-help`} className="text-gray-500">
          {help}
        </p>
      </div>
    </div>
  )
}
