import type { Category } from '@tokenledger/domain'

/** Who and what a call is for. Every field is optional; later levels win over earlier ones. */
export interface Attribution {
  category?: Category
  purposeDetail?: string
  taskType?: string
  userId?: number
  projectId?: number
  documentId?: number
  loggable?: { type: string; id: string | number }
  /** Shallow-merged across levels (defaults, wrapper defaults, per call). */
  metadata?: Record<string, unknown>
}

/** Merges attribution levels left to right: a defined field wins, metadata is merged key by key. */
export function mergeAttribution(...levels: Array<Attribution | undefined>): Attribution {
  const merged: Attribution = {}
  for (const level of levels) {
    if (!level) continue
    for (const [key, value] of Object.entries(level) as Array<[keyof Attribution, unknown]>) {
      if (value === undefined) continue
      if (key === 'metadata') {
        merged.metadata = { ...merged.metadata, ...(value as Record<string, unknown>) }
      } else {
        ;(merged as Record<string, unknown>)[key] = value
      }
    }
  }
  return merged
}
