import { type Db, listReservationsInFlight } from '@tokenledger/db'
import { callCost } from './format.server'

/** What calls in flight hold against one budget (reservations not yet released or expired). */
export interface InFlightView {
  count: number
  /** What they hold, as a call's cost is shown ("$0.0042"): a reservation is often under a cent. */
  amount: string
}

/** Per budget id, the reservations in flight at `now`; a budget none holds is absent. */
export async function loadReservationsInFlight(
  db: Db,
  budgetIds: number[],
  now: Date,
): Promise<Record<number, InFlightView>> {
  const held = await listReservationsInFlight(db, budgetIds, now)
  return Object.fromEntries(
    [...held]
      .filter(([, r]) => r.count > 0)
      .map(([id, r]) => [id, { count: r.count, amount: callCost(r.amount) }]),
  )
}
