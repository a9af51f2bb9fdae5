/**
 * SQL for "rebuild one period of a rollup table" as data-modifying CTEs, the shape every rollup
 * run uses: the period's new rows are grouped once (`<name>_agg`), upserted on the table's NULLS NOT
 * DISTINCT key (rows whose figures did not change are not rewritten) and the period's rows whose key
 * has no source row any more are deleted. Several targets can share one statement (one snapshot).
 * The statement must define a one-row CTE `p` holding the period's values.
 */
export interface RollupTarget {
  /** Prefix of the CTE names and of the counts the statement returns. */
  name: string
  table: string
  /** Period columns of the table → the expression giving each from `p` (e.g. date → 'p.date'). */
  period: Readonly<Record<string, string>>
  keys: readonly string[]
  /** Keys that may be null: ids, compared as coalesce(…, 0) (no id is 0), which stays hashable. */
  nullable: readonly string[]
  figures: readonly string[]
  /** `select <keys>, <figures> … group by <keys>`: the period's rows as they should be. */
  source: string
}

export function rebuildCtes(t: RollupTarget): string {
  const columns = [...Object.keys(t.period), ...t.keys, ...t.figures]
  const values = [...Object.values(t.period), ...[...t.keys, ...t.figures].map((c) => `a.${c}`)]
  const list = (alias: string) => t.figures.map((f) => `${alias}.${f}`).join(', ')
  const sameKey = t.keys
    .map((k) => (t.nullable.includes(k) ? `coalesce(a.${k}, 0) = coalesce(r.${k}, 0)` : `a.${k} = r.${k}`))
    .join(' and ')
  const inPeriod = Object.entries(t.period)
    .map(([column, value]) => `r.${column} = ${value}`)
    .join(' and ')
  return `
${t.name}_agg as (${t.source}),
${t.name}_up as (
  insert into ${t.table} as r (${columns.join(', ')})
  select ${values.join(', ')} from ${t.name}_agg a cross join p
  on conflict on constraint ${t.table}_key do update
    set ${t.figures.map((f) => `${f} = excluded.${f}`).join(', ')}, updated_at = now()
    where (${list('r')}) is distinct from (${list('excluded')})
  returning (xmax = 0) as inserted
),
${t.name}_del as (
  delete from ${t.table} r using p
  where ${inPeriod} and not exists (select 1 from ${t.name}_agg a where ${sameKey})
  returning 1
)`
}

/** The select list reporting, per target, `<name>_groups`, `_inserted`, `_updated`, `_deleted`. */
export function countColumns(t: Pick<RollupTarget, 'name'>): string {
  return [
    `(select count(*) from ${t.name}_agg) as ${t.name}_groups`,
    `(select count(*) from ${t.name}_up where inserted) as ${t.name}_inserted`,
    `(select count(*) from ${t.name}_up where not inserted) as ${t.name}_updated`,
    `(select count(*) from ${t.name}_del) as ${t.name}_deleted`,
  ].join(',\n       ')
}
