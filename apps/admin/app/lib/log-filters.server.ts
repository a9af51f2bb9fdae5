import type { UsageLogFilters, UsageLogSort } from '@tokenledger/db'
import { isCalendarDay, isCategory } from '@tokenledger/domain'
import type { LogQuery } from './log-query'

/** The URL's filters as the analytics query takes them; malformed values are ignored, not errors. */
export function toUsageLogFilters(query: LogQuery): UsageLogFilters {
  const id = (value: string | undefined) => {
    const n = Number(value)
    return value && /^\d{1,15}$/.test(value) && n > 0 ? n : null
  }
  const day = (value: string | undefined) => (value && isCalendarDay(value) ? value : null)
  return {
    from: day(query.from),
    to: day(query.to),
    organizationId: id(query.organization),
    userId: id(query.user),
    projectId: id(query.project),
    documentId: id(query.document),
    // Compared exactly, case included (readLogQuery trims; stored ids never start or end with a space).
    externalId: query.externalId || null,
    category: isCategory(query.category) ? query.category : null,
    provider: query.provider?.slice(0, 100) || null,
    model: query.model?.slice(0, 200) || null,
    success: query.status === 'success' ? true : query.status === 'failed' ? false : null,
    overridden: query.overridden === 'yes' ? true : query.overridden === 'no' ? false : null,
    // Text the purpose contains, any case; capped at the stored purpose's own 2,000 characters.
    purpose: query.purpose?.slice(0, 2000) || null,
  }
}

export function toUsageLogSort(query: LogQuery): UsageLogSort {
  return query.sort
}
