import type { Db } from '../knex'

/** How long the write path trusts that a user, project or document belongs to an organization. */
export const ATTRIBUTION_CACHE_TTL_MS = 5_000

/**
 * What the write path has recently seen belong to an organization: members, projects, documents
 * (with their project). Only facts found in the database are kept, never an absence, so a refused id
 * is always looked up again; a user removed from an organization (or a project or document deleted)
 * may still be accepted for `ttlMs` — a deleted project or document then fails the row's foreign key
 * and `storeUsageEvents` forgets the organization before it retries the batch event by event.
 * Entries are per database handle, so two databases in one process never mix.
 */
export class AttributionCache {
  private readonly byDb = new WeakMap<Db, Map<string, { value: number; at: number }>>()

  constructor(
    readonly ttlMs = ATTRIBUTION_CACHE_TTL_MS,
    private readonly clock: () => number = Date.now,
    /** Beyond this many facts per database the cache starts afresh (a bound, not a policy). */
    private readonly maxFacts = 100_000,
  ) {}

  /** The fact's value (a member or project: its id; a document: its project), or undefined when not fresh. */
  get(db: Db, organizationId: number, kind: FactKind, id: number): number | undefined {
    const fact = this.factsOf(db).get(factKey(organizationId, kind, id))
    return fact && this.clock() - fact.at < this.ttlMs ? fact.value : undefined
  }

  set(db: Db, organizationId: number, kind: FactKind, id: number, value: number): void {
    const facts = this.factsOf(db)
    if (facts.size >= this.maxFacts) facts.clear()
    facts.set(factKey(organizationId, kind, id), { value, at: this.clock() })
  }

  /** Forgets every fact about an organization (one of its rows was refused for its references). */
  forget(db: Db, organizationId: number): void {
    const facts = this.factsOf(db)
    const prefix = `${organizationId}:`
    for (const key of facts.keys()) if (key.startsWith(prefix)) facts.delete(key)
  }

  private factsOf(db: Db): Map<string, { value: number; at: number }> {
    let facts = this.byDb.get(db)
    if (!facts) {
      facts = new Map()
      this.byDb.set(db, facts)
    }
    return facts
  }
}

export type FactKind = 'member' | 'project' | 'document'

function factKey(organizationId: number, kind: FactKind, id: number): string {
  return `${organizationId}:${kind}:${id}`
}

/** The process's cache, used by `storeUsageEvents` for the ids events name before anything is created. */
export const sharedAttributionCache = new AttributionCache()
