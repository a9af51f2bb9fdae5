/** What one rollup run did, in rows. */
export interface RollupCounts {
  /** Keys the source rows group into (= rows the period has after the run). */
  groups: number
  /** Rows created. */
  inserted: number
  /** Existing rows whose figures changed. */
  updated: number
  /** Rows removed because no source row has their key any more. */
  deleted: number
  /** inserted + updated */
  upserted: number
  durationMs: number
}

export function toCounts(
  row: {
    groups: number | string
    inserted: number | string
    updated: number | string
    deleted: number | string
  },
  startedAt: number,
): RollupCounts {
  const inserted = Number(row.inserted)
  const updated = Number(row.updated)
  return {
    groups: Number(row.groups),
    inserted,
    updated,
    deleted: Number(row.deleted),
    upserted: inserted + updated,
    durationMs: Math.round(performance.now() - startedAt),
  }
}

/** What one run did to one table (a statement can rebuild several). */
export type TableCounts = Omit<RollupCounts, 'durationMs'>

/** The counts of target `name` from a row that has `<name>_groups`, `_inserted`, `_updated`, `_deleted`. */
export function toTableCounts(row: Record<string, number | string>, name: string): TableCounts {
  const inserted = Number(row[`${name}_inserted`])
  const updated = Number(row[`${name}_updated`])
  return {
    groups: Number(row[`${name}_groups`]),
    inserted,
    updated,
    deleted: Number(row[`${name}_deleted`]),
    upserted: inserted + updated,
  }
}
