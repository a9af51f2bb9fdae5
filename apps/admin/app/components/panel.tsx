import type { ReactNode } from 'react'

/** A titled card: the dashboard's charts and tables sit in these. */
export function Panel({
  title,
  subtitle,
  children,
  className = '',
  testId,
  flush = false,
  action,
  bodyClassName = '',
}: {
  title: string
  subtitle?: string
  children: ReactNode
  className?: string
  testId?: string
  /** Body without padding (tables run to the card's edges). */
  flush?: boolean
  action?: ReactNode
  bodyClassName?: string
}) {
  return (
    <section className={`card flex flex-col ${className}`} data-testid={testId} aria-label={title}>
      <div className="flex items-start justify-between gap-4 px-5 pt-5">
        <div>
          <h2 className="text-base font-semibold text-gray-900">{title}</h2>
          {subtitle && <p className="mt-0.5 text-sm text-gray-500">{subtitle}</p>}
        </div>
        {action}
      </div>
      <div className={`${flush ? 'mt-4' : 'p-5'} ${bodyClassName}`}>{children}</div>
    </section>
  )
}

/** What a panel says when it has nothing to show. */
export function Empty({ children }: { children: ReactNode }) {
  return <p className="py-10 text-center text-sm text-gray-500">{children}</p>
}
