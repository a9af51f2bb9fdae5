import { z } from 'zod'
import { bothFormsError, projectRefSchema, userRefSchema } from './external-refs'
import { callCost, recordId } from './ids'

/** The cost the app expects the coming call to have, counted as if already spent. */
const estimatedCost = callCost.optional()

/** The user by Tokenledger's id or by the app's own (`user: { externalId }`), never both. */
const userForms = { userId: recordId.optional(), user: userRefSchema.optional() }

/**
 * The call's project, by Tokenledger's id or by the app's own (`project: { externalId }`), never
 * both: its budgets apply besides the organization's, the user's and the calling API key's.
 */
const projectForms = { projectId: recordId.optional(), project: projectRefSchema.optional() }

function refuseBothForms(refs: Parameters<typeof bothFormsError>[0], ctx: z.RefinementCtx) {
  // One issue per kind named twice, at the app's form of it.
  for (const kind of ['user', 'project'] as const) {
    const both = bothFormsError({ [`${kind}Id`]: refs[`${kind}Id`], [kind]: refs[kind] })
    if (both) ctx.addIssue({ code: 'custom', path: [kind], message: both })
  }
}

/** How long a reservation holds when `reservationTtlSeconds` is not given, and the most it may be. */
export const DEFAULT_RESERVATION_TTL_SECONDS = 300
export const MAX_RESERVATION_TTL_SECONDS = 3600

/**
 * `budgets.check`: which budgets the coming call would hit. With `reserve: true` a check that lets
 * the call go also holds `estimatedCost` (required then) against those budgets until the call is
 * logged with the answer's `reservation.id` as `budgetReservationId`, released, or expired
 * (`reservationTtlSeconds`, default 300, at most 3600).
 */
export const budgetCheckInput = z
  .object({
    ...userForms,
    ...projectForms,
    estimatedCost,
    forecast: z.boolean().optional(),
    reserve: z.boolean().optional(),
    reservationTtlSeconds: z.number().int().min(1).max(MAX_RESERVATION_TTL_SECONDS).optional(),
  })
  .superRefine(refuseBothForms)
  .refine((input) => !input.reserve || input.estimatedCost != null, {
    message: 'a reservation holds the estimated cost: give estimatedCost with reserve: true',
    path: ['estimatedCost'],
  })
  .default({})

/** `budgets.releaseReservation`: the call a reservation was made for will not be made. */
export const reservationIdInput = z.object({ reservationId: z.uuid() })

/** `budgets.requestOverride`: ask the end user to confirm going past the budget. */
export const overrideRequestInput = z
  .object({ ...userForms, ...projectForms, estimatedCost })
  .superRefine(refuseBothForms)
  .refine((input) => input.userId != null || input.user != null, {
    message: 'name the user the override is for: userId or user: { externalId }',
    path: ['user'],
  })

/** `budgets.getOverride`, `confirmOverride`, `cancelOverride`. */
export const overrideIdInput = z.object({ overrideId: z.string() })

export type BudgetCheckInput = z.input<typeof budgetCheckInput>
export type OverrideRequestInput = z.input<typeof overrideRequestInput>
export type ReservationIdInput = z.input<typeof reservationIdInput>
