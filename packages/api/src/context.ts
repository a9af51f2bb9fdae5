import {
  type BudgetsForCheck,
  clientIp,
  type Db,
  type RedactTexts,
  redactInThisThread,
  sharedMasterKey,
  trustProxyFromEnv,
} from '@tokenledger/db'
import { ApiKeyCache } from './auth/api-key-cache'
import { BudgetStateCache, budgetCacheTtlFromEnv } from './budgets/budget-state-cache'
import { EventAllowance } from './usage/event-allowance'

/** What every procedure sees. `clock` is injectable so month boundaries can be tested. */
export interface ApiContext {
  db: Db
  clock: () => Date
  /** Base URL of the admin app, for links such as the budget-override confirmation page. */
  adminUrl: string
  /** The raw `Authorization: Bearer …` token, verified lazily by the procedures that need it. */
  bearerToken: string | null
  /** Recently verified API keys of this server. */
  apiKeyCache: ApiKeyCache
  /** What plain budget checks of this server loaded, reused briefly; this server's writes invalidate it. */
  budgetStateCache: BudgetStateCache<BudgetsForCheck>
  /** The caller's address, for sign-in limits (behind a trusted proxy: from X-Forwarded-For). */
  clientIp: string | null
  /** Usage events this HTTP request may still log, shared by every call tRPC batched into it. */
  eventAllowance: EventAllowance
  /** Redacts the texts of usage events, large ones in worker threads. */
  redactTexts: RedactTexts
  /** `x-tokenledger-gateway-token`: what the gateway shows to read stored provider keys. */
  gatewayToken: string | null
  /** The master key of stored secrets, loaded on first use. */
  masterKey: () => Promise<Buffer>
}

/**
 * The root context as the router's type declares it. `AppRouter` carries this type to every
 * client, so it names nothing of the server: a `Db` here would make the SDK's published types
 * need knex's (trpc #5004). Procedures never see it: `publicProcedure` narrows it to `ApiContext`
 * first (`isApiContext`).
 */
export type RouterContext = object

/** Whether a context was made by `contextFactory` (or a test building the same shape). */
export function isApiContext(ctx: RouterContext): ctx is ApiContext {
  const candidate = ctx as Partial<ApiContext>
  return candidate.db != null && typeof candidate.clock === 'function' && candidate.eventAllowance != null
}

export interface ApiDeps {
  db: Db
  clock?: () => Date
  adminUrl?: string
  /** How long a verified API key is trusted without a lookup; a revoked key stops working within it. Default 5 s. */
  apiKeyCacheTtlMs?: number
  /**
   * How long a plain budget check reuses the budget state this server loaded; 0 reads the
   * database on every check. Writes through this server are seen at once, other processes' writes
   * within it. Default: `TOKENLEDGER_BUDGET_CACHE_TTL_MS`, else 1 s.
   */
  budgetCacheTtlMs?: number
  /** Believe X-Forwarded-For from a reverse proxy. Default: `TOKENLEDGER_TRUST_PROXY`. */
  trustProxy?: boolean
  /**
   * Where usage events are redacted. Default: in this thread. The HTTP server passes its worker
   * pool (Node-only, so it lives with the server in apps/api, not here).
   */
  redactTexts?: RedactTexts
  /** The master key of stored secrets. Default: `TOKENLEDGER_SECRET_KEY` or `TOKENLEDGER_HOME/secret-key`, on first use. */
  masterKey?: () => Promise<Buffer>
}

export function contextFactory(deps: ApiDeps) {
  const apiKeyCache = new ApiKeyCache(deps.apiKeyCacheTtlMs ?? 5_000)
  const budgetStateCache = new BudgetStateCache<BudgetsForCheck>({
    ttlMs: deps.budgetCacheTtlMs ?? budgetCacheTtlFromEnv(),
  })
  const trustProxy = deps.trustProxy ?? trustProxyFromEnv()
  const redactTexts = deps.redactTexts ?? redactInThisThread
  return ({ req }: { req: { headers: Record<string, string | string[] | undefined> } }): ApiContext => ({
    db: deps.db,
    clock: deps.clock ?? (() => new Date()),
    adminUrl: (deps.adminUrl ?? 'http://127.0.0.1:3000').replace(/\/+$/, ''),
    bearerToken: bearerToken(req.headers.authorization),
    apiKeyCache,
    budgetStateCache,
    clientIp: clientIp(remoteAddress(req), req.headers['x-forwarded-for'], trustProxy),
    eventAllowance: new EventAllowance(),
    redactTexts,
    gatewayToken: headerValue(req.headers['x-tokenledger-gateway-token']),
    masterKey: deps.masterKey ?? sharedMasterKey,
  })
}

/** The peer address of a node:http request (the standalone adapter passes one); undefined otherwise. */
function remoteAddress(req: object): string | undefined {
  return (req as { socket?: { remoteAddress?: string } }).socket?.remoteAddress
}

function headerValue(header: string | string[] | undefined): string | null {
  return (Array.isArray(header) ? header[0] : header) ?? null
}

function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null
  return match?.[1] ?? null
}
