import { data, type LoaderFunctionArgs, type MetaFunction } from '@remix-run/node'
import { Link, useLoaderData } from '@remix-run/react'
import { getUsageLog } from '@tokenledger/db'
import { CATEGORY_LABELS } from '@tokenledger/domain'
import { Breadcrumbs } from '../components/breadcrumbs'
import { Arrow, Card, Chain, Facts } from '../components/log-detail/detail-parts'
import { RedactedText } from '../components/redacted-text'
import { PageHeader } from '../components/shell'
import { Badge } from '../components/usage-bar'
import { requireSuperAdmin } from '../lib/auth.server'
import { formatDateTime, formatDuration, formatInt } from '../lib/format'
import { callCost, exactCost, pricePerMillion, usd } from '../lib/format.server'
import { externalIdBeside, userLabel, userText } from '../lib/labels'
import { parseLogAt } from '../lib/log-link'

export const meta: MetaFunction<typeof loader> = ({ data }) => [
  { title: data ? `Call #${data.log.id} · Tokenledger` : 'Call · Tokenledger' },
]

const SOURCES: Record<string, string> = {
  catalog: 'Price catalog (@pydantic/genai-prices)',
  custom: 'Custom price (model_prices)',
  caller: 'Cost sent by the caller',
}

export async function loader({ request, params, context }: LoaderFunctionArgs) {
  await requireSuperAdmin(request, context)
  const id = Number(params.id)
  // The list's links carry the call's time: the read then opens only its month's partition.
  const at = parseLogAt(new URL(request.url).searchParams.get('at'))
  const log = Number.isSafeInteger(id) ? await getUsageLog(context.db, id, { at }) : null
  if (!log) throw data({ message: 'No such call.' }, { status: 404 })
  const prices = log.prices
  return {
    log,
    display: {
      category: CATEGORY_LABELS[log.category] ?? log.category,
      cost: exactCost(log.cost),
      source: log.costSource ? (SOURCES[log.costSource] ?? log.costSource) : 'Not priced',
      prices: prices
        ? [
            ['Input', log.promptTokens - log.cachedTokens - log.cacheWriteTokens, prices.inputMtok],
            ['Output', log.completionTokens - log.reasoningTokens, prices.outputMtok],
            ['Cache read', log.cachedTokens, prices.cacheReadMtok ?? null],
            ['Cache write', log.cacheWriteTokens, prices.cacheWriteMtok ?? null],
            ['Reasoning', log.reasoningTokens, prices.reasoningMtok ?? null],
          ].map(([label, tokens, price]) => ({
            label: label as string,
            tokens: Math.max(0, tokens as number),
            price: price == null ? 'as input/output' : pricePerMillion(price as string),
          }))
        : null,
      overrideEstimate: log.override?.estimatedCost == null ? null : callCost(log.override.estimatedCost),
      overrideBudgets:
        log.override?.check.budgets.map((b) => ({
          scope: b.scope,
          usage: usd(b.usage),
          limit: usd(b.limit),
          percent: b.percent,
          status: b.status,
        })) ?? [],
    },
  }
}

export default function LogDetail() {
  const { log, display } = useLoaderData<typeof loader>()
  const redactions = Object.entries(log.redactionSummary).filter(([, n]) => n > 0)
  const user = log.user ? userLabel(log.user) : null
  return (
    <>
      <Breadcrumbs parent={{ to: '/logs', label: 'Usage logs' }} current={`#${log.id}`} />
      <PageHeader
        title={`Call #${log.id}`}
        description={`${formatDateTime(log.createdAt)} UTC · ${log.provider} / ${log.model}`}
        actions={
          <div className="flex flex-wrap gap-1.5">
            {log.success ? <Badge tone="success">success</Badge> : <Badge tone="failure">failed</Badge>}
            {log.budgetOverride && <Badge tone="override">budget override</Badge>}
            {log.contentRedacted && <Badge tone="warning">redacted</Badge>}
          </div>
        }
      />

      <Card title="Attribution" testId="attribution">
        <ol className="flex flex-wrap items-center gap-2 text-sm" aria-label="Attribution chain">
          <Chain
            label="Organization"
            href={`/logs?organization=${log.organization.id}`}
            testId="chain-organization"
          >
            {log.organization.name}
          </Chain>
          <Arrow />
          <Chain
            label="User"
            href={log.user ? `/logs?user=${log.user.id}` : undefined}
            testId="chain-user"
            externalId={log.user && externalIdBeside(user ?? '', log.user.externalId)}
          >
            {log.user ? user : 'none'}
            {log.user?.email && log.user.email !== user && ` (${log.user.email})`}
          </Chain>
          <Arrow />
          <Chain
            label="Project"
            href={
              log.project ? `/logs?organization=${log.organization.id}&project=${log.project.id}` : undefined
            }
            testId="chain-project"
            externalId={log.project && externalIdBeside(log.project.name, log.project.externalId)}
          >
            {log.project?.name ?? 'none'}
          </Chain>
          <Arrow />
          <Chain
            label="Document"
            href={
              log.project && log.document
                ? `/logs?organization=${log.organization.id}&project=${log.project.id}&document=${log.document.id}`
                : undefined
            }
            testId="chain-document"
            externalId={log.document && externalIdBeside(log.document.name, log.document.externalId)}
          >
            {log.document?.name ?? 'none'}
          </Chain>
        </ol>
      </Card>

      <div className="mt-6 grid grid-cols-1 gap-6 lg:grid-cols-3">
        <div className="space-y-6 lg:col-span-2">
          <Card title="Prompt" subtitle="As stored, after redaction">
            <RedactedText text={log.promptContent} testId="prompt" />
          </Card>
          <Card title="Response" subtitle="As stored, after redaction">
            <RedactedText text={log.responseContent} testId="response" />
          </Card>
          <Card title="Call" testId="call">
            <Facts
              items={[
                ['Provider', log.provider],
                ['Model', log.model],
                ['Category', display.category],
                ['Purpose', log.purposeDetail ?? '—'],
                ['Task type', log.taskType ?? '—'],
                ['Loggable', log.loggable ? `${log.loggable.type} #${log.loggable.id ?? '—'}` : '—'],
                ['Duration', formatDuration(log.durationMs)],
                [
                  'API key',
                  log.apiKey
                    ? `${log.apiKey.name} (${log.apiKey.prefix}…)${log.apiKey.revoked ? ' · revoked' : ''}`
                    : '—',
                ],
                ['Idempotency key', log.idempotencyKey ?? '—'],
                ['Error', log.errorMessage ?? '—'],
              ]}
            />
          </Card>
          <Card title="Metadata">
            <pre className="overflow-auto rounded-lg bg-gray-50 p-3 font-mono text-xs text-gray-700 ring-1 ring-inset ring-gray-200">
              {JSON.stringify(log.metadata, null, 2)}
            </pre>
          </Card>
        </div>
        <div className="space-y-6">
          <Card title="Cost" testId="cost">
            <p
              className="text-3xl font-semibold tracking-tight tabular-nums text-gray-900"
              data-testid="detail-cost"
            >
              {display.cost}
            </p>
            <p className="mt-1 text-sm text-gray-500" data-testid="detail-cost-source">
              {display.source}
              {log.prices?.source === 'custom' && (
                <>
                  {' · '}
                  <Link to={`/prices/${log.prices.ref}`} className="link">
                    price #{log.prices.ref}
                  </Link>
                </>
              )}
              {log.prices?.source === 'catalog' && ` · ${log.prices.ref}`}
            </p>
            {display.prices ? (
              <table className="mt-4 w-full text-sm" data-testid="prices-used">
                <thead>
                  <tr className="text-left text-xs uppercase tracking-wide text-gray-500">
                    <th className="pb-1 font-semibold">Tokens</th>
                    <th className="pb-1 text-right font-semibold">Count</th>
                    <th className="pb-1 text-right font-semibold">$ / 1M</th>
                  </tr>
                </thead>
                <tbody className="divide-y divide-gray-100">
                  {display.prices.map((p) => (
                    <tr key={p.label}>
                      <td className="py-1.5 text-gray-600">{p.label}</td>
                      <td className="py-1.5 text-right tabular-nums">{formatInt(p.tokens)}</td>
                      <td className="py-1.5 text-right tabular-nums text-gray-900">{p.price}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            ) : (
              <p className="mt-4 text-sm text-gray-500">No prices were stored with this call.</p>
            )}
            {log.prices?.effectiveFrom && (
              <p className="mt-2 text-xs text-gray-500">
                Effective from {formatDateTime(log.prices.effectiveFrom)} UTC
              </p>
            )}
          </Card>
          <Card title="Redaction" testId="redaction">
            {redactions.length ? (
              <ul className="space-y-2 text-sm">
                {redactions.map(([type, count]) => (
                  <li key={type} className="flex items-center justify-between">
                    <code className="rounded bg-amber-50 px-1.5 py-0.5 text-xs font-semibold text-amber-900 ring-1 ring-amber-200">
                      {type}
                    </code>
                    <span className="tabular-nums text-gray-700" data-testid={`redaction-${type}`}>
                      {count} replaced
                    </span>
                  </li>
                ))}
              </ul>
            ) : (
              <p className="text-sm text-gray-500">Nothing sensitive was found.</p>
            )}
          </Card>
          <Card title="Budget override" testId="override">
            {log.budgetOverride ? (
              <div className="space-y-3 text-sm">
                <p>
                  This call went past a budget, confirmed by{' '}
                  <span className="font-semibold">
                    {log.overrideBy ? userText(log.overrideBy) : 'a deleted user'}
                  </span>
                  {log.override?.decidedAt && <> at {formatDateTime(log.override.decidedAt)} UTC</>}.
                </p>
                {log.override && (
                  <>
                    <p className="text-gray-600">
                      Override <code className="text-xs">{log.override.id}</code>: {log.override.status}
                      {display.overrideEstimate && <> · estimated {display.overrideEstimate}</>}
                    </p>
                    {display.overrideBudgets.map((b) => (
                      <p key={b.scope} className="text-gray-600">
                        {b.scope === 'organization' ? 'Organization' : 'User'} budget when asked: {b.usage} of{' '}
                        {b.limit}
                        {b.percent != null && ` (${b.percent}%)`}
                      </p>
                    ))}
                  </>
                )}
              </div>
            ) : (
              <p className="text-sm text-gray-500">Not made under a budget override.</p>
            )}
          </Card>
          <Card title="Tokens" testId="tokens">
            <Facts
              items={[
                ['Prompt', formatInt(log.promptTokens)],
                ['  of which cached', formatInt(log.cachedTokens)],
                ['  of which cache write', formatInt(log.cacheWriteTokens)],
                ['Completion', formatInt(log.completionTokens)],
                ['  of which reasoning', formatInt(log.reasoningTokens)],
                ['Total', formatInt(log.totalTokens)],
              ]}
            />
          </Card>
        </div>
      </div>
    </>
  )
}
