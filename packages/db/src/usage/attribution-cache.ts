import type { Db } from '../knex'
import { perOwner, TtlCache } from './ttl-cache'

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
  private readonly factsOf: (db: Db) => TtlCache<string, number>

  constructor(
    readonly ttlMs = ATTRIBUTION_CACHE_TTL_MS,
    clock: () => number = Date.now,
    /** Beyond this many facts per database the cache starts afresh (a bound, not a policy). */
    maxFacts = 100_000,
  ) {
    this.factsOf = perOwner(() => new TtlCache<string, number>(ttlMs, clock, maxFacts))
  }

  /** The fact's value (a member or project: its id; a document: its project), or undefined when not fresh. */
  get(db: Db, organizationId: number, kind: FactKind, id: number): number | undefined {
    return this.factsOf(db).get(factKey(organizationId, kind, id))
  }

  set(db: Db, organizationId: number, kind: FactKind, id: number, value: number): void {
    this.factsOf(db).set(factKey(organizationId, kind, id), value)
  }

  /** Forgets every fact about an organization (one of its rows was refused for its references). */
  forget(db: Db, organizationId: number): void {
    const prefix = `${organizationId}:`
    this.factsOf(db).deleteWhere((key) => key.startsWith(prefix))
  }
}

export type FactKind = 'member' | 'project' | 'document'

function factKey(organizationId: number, kind: FactKind, id: number): string {
  return `${organizationId}:${kind}:${id}`
}

/** The process's cache, used by `storeUsageEvents` for the ids events name before anything is created. */
export const sharedAttributionCache = new AttributionCache()
