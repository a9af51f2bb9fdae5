import type { LoaderFunctionArgs } from '@remix-run/node'
import { iterateUsageLogs, type UsageLogListItem } from '@tokenledger/db'
import { requireSuperAdmin } from '../lib/auth.server'
import { toUsageLogFilters } from '../lib/log-filters.server'
import { readLogQuery } from '../lib/log-query'

const COLUMNS: Array<[header: string, value: (row: UsageLogListItem) => unknown]> = [
  ['id', (r) => r.id],
  ['created_at', (r) => r.createdAt.toISOString()],
  ['organization_id', (r) => r.organizationId],
  ['organization', (r) => r.organizationName],
  ['user_id', (r) => r.userId],
  ['user_email', (r) => r.userEmail],
  ['user_external_id', (r) => r.userExternalId],
  ['project_id', (r) => r.projectId],
  ['project', (r) => r.projectName],
  ['project_external_id', (r) => r.projectExternalId],
  ['document_id', (r) => r.documentId],
  ['document', (r) => r.documentName],
  ['document_external_id', (r) => r.documentExternalId],
  ['provider', (r) => r.provider],
  ['model', (r) => r.model],
  ['category', (r) => r.category],
  ['purpose_detail', (r) => r.purposeDetail],
  ['prompt_tokens', (r) => r.promptTokens],
  ['completion_tokens', (r) => r.completionTokens],
  ['total_tokens', (r) => r.totalTokens],
  ['cost', (r) => r.cost],
  ['cost_source', (r) => r.costSource],
  ['duration_ms', (r) => r.durationMs],
  ['success', (r) => r.success],
  ['error_message', (r) => r.errorMessage],
  ['budget_override', (r) => r.budgetOverride],
]

/** GET /logs.csv?<the log list's filters>: the whole filtered set as CSV, streamed in keyset batches. */
export async function loader({ request, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const query = readLogQuery(new URL(request.url).searchParams)
  const batches = iterateUsageLogs(context.db, {
    filters: toUsageLogFilters(query),
    sort: query.sort,
    batchSize: 1000,
  })
  const encoder = new TextEncoder()
  const body = new ReadableStream<Uint8Array>({
    start(controller) {
      controller.enqueue(encoder.encode(`${COLUMNS.map(([header]) => header).join(',')}\r\n`))
    },
    async pull(controller) {
      try {
        const next = await batches.next()
        if (next.done) return controller.close()
        const lines = next.value.map((row) => COLUMNS.map(([, value]) => csvField(value(row))).join(','))
        controller.enqueue(encoder.encode(`${lines.join('\r\n')}\r\n`))
      } catch (error) {
        controller.error(error)
      }
    },
    async cancel() {
      await batches.return(undefined)
    },
  })
  const stamp = context.now().toISOString().slice(0, 19).replace(/[-:]/g, '').replace('T', '-')
  return new Response(body, {
    headers: {
      'Content-Type': 'text/csv; charset=utf-8',
      'Content-Disposition': `attachment; filename="tokenledger-logs-${stamp}.csv"`,
      'Cache-Control': 'no-store',
    },
  })
}

/** RFC 4180 quoting; a leading =, +, - or @ is prefixed with ' so spreadsheets never run it as a formula. */
function csvField(value: unknown): string {
  if (value == null) return ''
  let text = String(value)
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(text)) text = `'${text}`
  return /[",\r\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text
}
