/** What calls in flight hold against a budget, as the loaders send it (see reservations.server.ts). */
export interface InFlight {
  count: number
  amount: string
}

/**
 * "2 calls · $0.0042": reservations of calls checked but not yet logged. Shown beside the spend
 * because the budget check counts them as spent until their calls are logged or they expire.
 */
export function InFlightReservations({ inFlight }: { inFlight: InFlight | undefined }) {
  if (!inFlight) return <span className="text-gray-400">none</span>
  return (
    <span className="tabular-nums text-gray-900">
      {inFlight.count} {inFlight.count === 1 ? 'call' : 'calls'} · {inFlight.amount}
    </span>
  )
}
