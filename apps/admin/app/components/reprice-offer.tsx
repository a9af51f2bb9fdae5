import { Form, Link } from '@remix-run/react'
import { formatDay, formatInt } from '../lib/format'

/**
 * "Reprice the N calls since …": a button that queues a background reprice of one model's calls
 * (POST /prices/reprices), or a link to the reprice already under way for it.
 */
export function RepriceOffer({
  model,
  from,
  calls,
  onlyUnpriced = false,
  activeRunId,
  compact = false,
}: {
  model: string
  /** First UTC day, YYYY-MM-DD. */
  from: string
  calls: number
  onlyUnpriced?: boolean
  /** A reprice of this model that is queued or running (one at a time per model). */
  activeRunId?: number | null
  compact?: boolean
}) {
  const size = compact ? 'px-2.5 py-1.5 text-xs' : ''
  if (activeRunId)
    return (
      <Link to={`/prices/reprices/${activeRunId}`} className={`btn-secondary ${size}`}>
        Reprice under way
      </Link>
    )
  if (calls === 0) return null
  const label = `Reprice the ${formatInt(calls)} ${onlyUnpriced ? 'unpriced ' : ''}call${calls === 1 ? '' : 's'} since ${formatDay(from)}`
  return (
    <Form method="post" action="/prices/reprices" className="inline">
      <input type="hidden" name="model" value={model} />
      <input type="hidden" name="from" value={from} />
      {onlyUnpriced && <input type="hidden" name="onlyUnpriced" value="1" />}
      <button type="submit" className={`btn-primary ${size}`}>
        {label}
      </button>
    </Form>
  )
}
