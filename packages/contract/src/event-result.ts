/** What the api answers for each usage event it was given, in the order given. */
export type EventResult =
  | {
      index: number
      status: 'stored'
      id: number
      cost: string | null
      priced: boolean
      /** Why a presented budget override could not be used (the call is still recorded, without it). */
      overrideRejected?: string
    }
  | { index: number; status: 'duplicate'; id: number; cost: string | null; priced: boolean }
  | { index: number; status: 'rejected'; reason: EventRejection; error: string }

/** Why one event of a batch was not stored. */
export type EventRejection = 'INVALID_INPUT' | 'ATTRIBUTION_INVALID'
