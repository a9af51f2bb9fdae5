import type { ReactNode } from 'react'

/** A problem the user must see (announced at once by screen readers). */
export function ErrorAlert({ children, className = '' }: { children: ReactNode; className?: string }) {
  return (
    <p
      role="alert"
      className={`rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200 ${className}`}
    >
      {children}
    </p>
  )
}

/** The outcome of what the user just did, e.g. "Budget saved." (announced politely). */
export function SuccessNotice({ children }: { children: ReactNode }) {
  return (
    <div
      role="status"
      className="mb-4 rounded-lg bg-emerald-50 px-4 py-3 text-sm text-emerald-800 ring-1 ring-emerald-200"
    >
      {children}
    </div>
  )
}
