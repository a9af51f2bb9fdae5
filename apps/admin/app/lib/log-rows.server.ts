import type { UsageLogListItem } from '@tokenledger/db'
import { CATEGORY_LABELS } from '@tokenledger/domain'
import type { LogRow } from '../components/logs/log-table'
import { formatDuration } from './format'
import { callCost } from './format.server'

/** A listed call as the table shows it: money formatted here, so the browser never parses decimals. */
export function toLogRow(r: UsageLogListItem): LogRow {
  return {
    id: r.id,
    createdAt: r.createdAt,
    organization: { id: r.organizationId, name: r.organizationName },
    user:
      r.userId == null
        ? null
        : { id: r.userId, name: r.userName, email: r.userEmail, externalId: r.userExternalId },
    project:
      r.projectId == null ? null : { id: r.projectId, name: r.projectName, externalId: r.projectExternalId },
    document:
      r.documentId == null
        ? null
        : { id: r.documentId, name: r.documentName, externalId: r.documentExternalId },
    provider: r.provider,
    model: r.model,
    category: CATEGORY_LABELS[r.category] ?? r.category,
    purpose: r.purposeDetail,
    promptTokens: r.promptTokens,
    completionTokens: r.completionTokens,
    totalTokens: r.totalTokens,
    cost: callCost(r.cost),
    unpriced: r.cost == null,
    duration: formatDuration(r.durationMs),
    success: r.success,
    errorMessage: r.errorMessage,
    overridden: r.budgetOverride,
  }
}
