import { useRevalidator } from '@remix-run/react'
import { useEffect } from 'react'
import { formatDateTime, formatInt } from '../lib/format'
import { Badge } from './usage-bar'

type Status = 'queued' | 'running' | 'finished' | 'failed'

export function RepriceStatus({ status }: { status: Status }) {
  const tone = status === 'finished' ? 'ok' : status === 'failed' ? 'inactive' : 'unlimited'
  return <Badge tone={tone}>{status}</Badge>
}

export interface RepriceProgressView {
  status: Status
  total: number | null
  done: number
  changed: number
  newlyPriced: number | null
  stillUnpriced: number | null
  costBefore: string | null
  costAfter: string | null
  error: string | null
  attempts: number
  startedAt: string | null
  finishedAt: string | null
}

/** Reloads the page's data every `everyMs` while `active` (a queued or running reprice). */
export function useRefreshWhile(active: boolean, everyMs = 1000) {
  const { revalidate, state } = useRevalidator()
  useEffect(() => {
    if (!active) return
    const timer = setInterval(() => {
      if (state === 'idle') revalidate()
    }, everyMs)
    return () => clearInterval(timer)
  }, [active, everyMs, revalidate, state])
}

/** A reprice's progress bar and, once it ended, its figures or its error. */
export function RepriceProgress({ run }: { run: RepriceProgressView }) {
  const percent = run.total ? Math.round((run.done / run.total) * 100) : run.status === 'finished' ? 100 : 0
  return (
    <div className="space-y-4" data-testid="reprice-progress" data-status={run.status}>
      <div className="flex items-center justify-between text-sm">
        <RepriceStatus status={run.status} />
        <span className="tabular-nums text-gray-700" data-testid="reprice-count">
          {formatInt(run.done)} / {run.total == null ? '…' : formatInt(run.total)} calls
        </span>
      </div>
      <div
        className="h-2 overflow-hidden rounded-full bg-gray-100"
        role="progressbar"
        aria-valuemin={0}
        aria-valuemax={100}
        aria-valuenow={percent}
        aria-label="Reprice progress"
      >
        <div className="h-full bg-indigo-600 transition-all" style={{ width: `${percent}%` }} />
      </div>
      {run.status === 'queued' && (
        <p className="text-sm text-gray-500">Waiting for the worker (it looks every few seconds).</p>
      )}
      {run.error && <p className="text-sm text-rose-700">Failed: {run.error}</p>}
      <dl className="grid grid-cols-2 gap-x-6 gap-y-2 text-sm sm:grid-cols-3">
        <Figure label="Calls changed" value={formatInt(run.changed)} />
        {run.newlyPriced != null && <Figure label="Newly priced" value={formatInt(run.newlyPriced)} />}
        {run.stillUnpriced != null && <Figure label="Still unpriced" value={formatInt(run.stillUnpriced)} />}
        {run.costBefore != null && <Figure label="Cost before" value={`$${run.costBefore}`} />}
        {run.costAfter != null && <Figure label="Cost after" value={`$${run.costAfter}`} />}
        {run.startedAt && <Figure label="Started" value={formatDateTime(run.startedAt)} />}
        {run.finishedAt && <Figure label="Finished" value={formatDateTime(run.finishedAt)} />}
        {run.attempts > 1 && <Figure label="Attempts" value={String(run.attempts)} />}
      </dl>
    </div>
  )
}

function Figure({ label, value }: { label: string; value: string }) {
  return (
    <div>
      <dt className="text-gray-500">{label}</dt>
      <dd className="font-medium tabular-nums text-gray-900">{value}</dd>
    </div>
  )
}
