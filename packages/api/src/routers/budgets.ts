import {
  budgetCheckInput,
  overrideIdInput,
  overrideRequestInput,
  reservationIdInput,
} from '@tokenledger/contract'
import {
  checkAttribution,
  decideOverride,
  findOrCreateUserByExternalId,
  findOverride,
  findProjectIdByExternalId,
  forecastBudgets,
  loadBudgetsForCheck,
  releaseReservations,
  requestOverride,
  reserveBudgets,
} from '@tokenledger/db'
import { type BudgetCheckResult, evaluateBudgets } from '@tokenledger/domain'
import { AppError } from '../app-error'
import type { ApiKeyIdentity } from '../auth/authenticate-api-key'
import { apiKeyProcedure } from '../auth/procedures'
import type { ApiContext } from '../context'

/** A user or project named by an app must belong to the key's organization. */
async function assertMember(
  ctx: ApiContext & { identity: ApiKeyIdentity },
  userId: number | undefined,
  projectId?: number | undefined,
) {
  if (userId == null && projectId == null) return
  const [result] = await checkAttribution(ctx.db, ctx.identity, [{ userId, projectId }])
  if (!result?.ok) throw new AppError('ATTRIBUTION_INVALID', result?.message ?? 'unknown user')
}

type ProjectForms = { projectId?: number | undefined; project?: { externalId: string } | undefined }

/** The user an override is for, by either form: an app's user is created on first sight. */
async function overrideUserId(
  ctx: ApiContext & { identity: ApiKeyIdentity },
  input: { userId?: number | undefined; user?: unknown } & ProjectForms,
): Promise<number> {
  await assertMember(ctx, input.user == null ? input.userId : undefined, input.projectId)
  if (input.user == null) return input.userId as number // the input schema requires one of the two forms
  const found = await findOrCreateUserByExternalId(ctx.db, ctx.identity.organizationId, input.user)
  if (!found.ok) throw new AppError('INVALID_INPUT', found.errors.user)
  return found.userId
}

/**
 * An override request's project, by either form (a numeric id is checked by assertMember). Read
 * only, as in the check: a project the organization has never seen has no budget, and an override
 * records its user, not its project, so nothing needs creating (undefined).
 */
async function callProjectId(
  ctx: ApiContext & { identity: ApiKeyIdentity },
  input: ProjectForms,
): Promise<number | undefined> {
  if (!input.project) return input.projectId
  const id = await findProjectIdByExternalId(ctx.db, ctx.identity.organizationId, input.project.externalId)
  return id ?? undefined
}

/** Besides the organization's and the user's: the call's project's and the calling key's budgets. */
function callScopes(ctx: { identity: ApiKeyIdentity }, projectId: number | undefined) {
  return { projectId: projectId ?? null, apiKeyId: ctx.identity.apiKeyId }
}

const OVERRIDE_PROBLEMS = {
  not_found: ['NOT_FOUND', 'no such budget override'],
  blocked: ['BUDGET_BLOCKED', 'a budget that forbids overrides is exceeded'],
  not_pending: ['OVERRIDE_INVALID', 'this override was already decided'],
  expired: ['OVERRIDE_INVALID', 'this override request expired; request a new one'],
} as const

export const budgetsRouter = {
  /**
   * Before a call: ok, warning, exceeded (confirmation required) or blocked, with the numbers per
   * budget — every budget that applies: the organization's, the user's, the project's and the
   * calling API key's, of any period — and `tripped` naming each one that is not ok. Reservations
   * of calls in flight count as spent. With `reserve: true`, a check that lets the call go holds
   * its estimate until it is logged (`reservation`, null when nothing was held). With
   * `forecast: true`, each budget's period-end forecast too (one more query: leave it off on the
   * hot path before every call). A plain check may answer from the budget state this server
   * loaded within `TOKENLEDGER_BUDGET_CACHE_TTL_MS` (docs/budgets.md, Check cache).
   */
  check: apiKeyProcedure.input(budgetCheckInput).query(async ({ ctx, input }) => {
    const now = ctx.clock()
    // One statement: membership of the user and project named, the app's ids looked up (read
    // only: a user or project never seen has no budget, so only the other scopes' apply), the
    // applicable budgets and what reservations hold against them.
    const call = {
      organizationId: ctx.identity.organizationId,
      apiKeyId: ctx.identity.apiKeyId,
      userId: input.user ? undefined : input.userId,
      userExternalId: input.user?.externalId,
      projectId: input.project ? undefined : input.projectId,
      projectExternalId: input.project?.externalId,
    }
    const load = () => loadBudgetsForCheck(ctx.db, call, now)
    // A plain check may reuse what this server loaded within the cache's TTL (refusals are never
    // kept); a reserving one is exact, so it always reads the database.
    const loaded = input.reserve
      ? await load()
      : await ctx.budgetStateCache.load(call, now, load, (state) => state.ok)
    if (!loaded.ok) throw new AppError('ATTRIBUTION_INVALID', loaded.message)
    let result: BudgetCheckResult & { reservation?: { id: string; expiresAt: string } | null }
    if (input.reserve) {
      // A write behind a query (binding name `budgets.check`): the contract requires the estimate.
      const reserved = await reserveBudgets(ctx.db, {
        ...loaded.scopes,
        amount: input.estimatedCost as string,
        now,
        ttlSeconds: input.reservationTtlSeconds,
      }).finally(() => ctx.budgetStateCache.invalidate(call.organizationId))
      const { reservation } = reserved
      result = {
        ...reserved.check,
        reservation: reservation && { id: reservation.id, expiresAt: reservation.expiresAt.toISOString() },
      }
    } else {
      result = evaluateBudgets(loaded.budgets, {
        now,
        estimatedCost: input.estimatedCost,
        reserved: loaded.reserved,
      })
    }
    if (!input.forecast) return result
    const forecasts = await forecastBudgets(
      ctx.db,
      now,
      result.budgets.map((b) => b.budgetId),
    )
    return {
      ...result,
      budgets: result.budgets.map((b) => ({ ...b, forecast: forecasts.get(b.budgetId) ?? null })),
    }
  }),

  /**
   * The call a `reserve: true` check held budget for will not be made: what it held is free again
   * at once, not at its expiry. `released` is false for a reservation already gone (logged,
   * released or expired and deleted) or of another organization.
   */
  releaseReservation: apiKeyProcedure.input(reservationIdInput).mutation(async ({ ctx, input }) => {
    const released = await releaseReservations(ctx.db, ctx.identity.organizationId, [
      input.reservationId,
    ]).finally(() => ctx.budgetStateCache.invalidate(ctx.identity.organizationId))
    return { released: released > 0 }
  }),

  /** Asks the end user to confirm going past the budget: the numbers to show and the admin's confirmation page. */
  requestOverride: apiKeyProcedure.input(overrideRequestInput).mutation(async ({ ctx, input }) => {
    const result = await requestOverride(ctx.db, {
      organizationId: ctx.identity.organizationId,
      userId: await overrideUserId(ctx, input),
      ...callScopes(ctx, await callProjectId(ctx, input)),
      estimatedCost: input.estimatedCost ?? null,
      now: ctx.clock(),
    })
    if (!result.ok) throw new AppError('BUDGET_BLOCKED', result.check.message, { check: result.check })
    return { ...result.override, confirmationUrl: `${ctx.adminUrl}/override/${result.override.id}` }
  }),

  getOverride: apiKeyProcedure.input(overrideIdInput).query(async ({ ctx, input }) => {
    const override = await findOverride(ctx.db, input.overrideId, ctx.clock(), ctx.identity.organizationId)
    if (!override) throw new AppError('NOT_FOUND', 'no such budget override')
    return { ...override, confirmationUrl: `${ctx.adminUrl}/override/${override.id}` }
  }),

  /** The end user confirmed (in the app's own modal): single use, valid for the next call within minutes. */
  confirmOverride: apiKeyProcedure
    .input(overrideIdInput)
    .mutation(({ ctx, input }) => decide(ctx, input.overrideId, 'confirm')),

  cancelOverride: apiKeyProcedure
    .input(overrideIdInput)
    .mutation(({ ctx, input }) => decide(ctx, input.overrideId, 'cancel')),
}

async function decide(
  ctx: ApiContext & { identity: ApiKeyIdentity },
  overrideId: string,
  decision: 'confirm' | 'cancel',
) {
  const result = await decideOverride(ctx.db, {
    id: overrideId,
    decision,
    now: ctx.clock(),
    organizationId: ctx.identity.organizationId,
  })
  if (!result.ok) {
    const [reason, message] = OVERRIDE_PROBLEMS[result.problem]
    throw new AppError(reason, message)
  }
  return result.override
}
