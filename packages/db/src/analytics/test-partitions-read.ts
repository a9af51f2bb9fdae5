// Test support (not exported from the package): which partitions of the logs a read really plans.
import type { Db } from '../knex'

/**
 * Runs `read`, then EXPLAINs (without running again) every statement it sent that names
 * `ai_usage_logs`, and returns each one's SQL with the log partitions its plan reads, sorted.
 */
export async function partitionsPlanned(
  db: Db,
  read: () => Promise<unknown>,
): Promise<Array<{ sql: string; partitions: string[] }>> {
  const queries: Array<{ sql: string; bindings: unknown[] }> = []
  const listen = (q: { sql: string; bindings: unknown[] }) => queries.push(q)
  db.on('query', listen)
  try {
    await read()
  } finally {
    db.off('query', listen)
  }
  const plans: Array<{ sql: string; partitions: string[] }> = []
  for (const query of queries) {
    if (!/\bai_usage_logs\b/.test(query.sql)) continue
    // knex reports the SQL with pg placeholders ($1, $2, … in order); back to knex's own.
    const sql = query.sql.replace(/\$\d+/g, '?')
    const { rows } = await db.raw(`explain (format json) ${sql}`, query.bindings as never)
    const names = new Set<string>()
    const walk = (node: Record<string, unknown>) => {
      const relation = node['Relation Name']
      if (typeof relation === 'string' && relation.startsWith('ai_usage_logs_')) names.add(relation)
      for (const child of (node.Plans as Array<Record<string, unknown>> | undefined) ?? []) walk(child)
    }
    walk(rows[0]['QUERY PLAN'][0].Plan)
    plans.push({ sql: query.sql, partitions: [...names].sort() })
  }
  return plans
}
