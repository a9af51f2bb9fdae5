import type { RedactionResult } from '@tokenledger/domain'

/** What the pool sends a worker thread and what it answers. */
export interface RedactionJob {
  id: number
  texts: string[]
}

export type RedactionReply = { id: number; results: RedactionResult[] } | { id: number; error: string }
