import type { Db } from '@tokenledger/db'

/** What every procedure sees. `clock` is injectable so month boundaries can be tested. */
export interface ApiContext {
  db: Db
  clock: () => Date
  /** The raw `Authorization: Bearer …` token, verified lazily by the procedures that need it. */
  bearerToken: string | null
}

export interface ApiDeps {
  db: Db
  clock?: () => Date
}

export function contextFactory(deps: ApiDeps) {
  return ({ req }: { req: { headers: Record<string, string | string[] | undefined> } }): ApiContext => ({
    db: deps.db,
    clock: deps.clock ?? (() => new Date()),
    bearerToken: bearerToken(req.headers.authorization),
  })
}

function bearerToken(header: string | string[] | undefined): string | null {
  const value = Array.isArray(header) ? header[0] : header
  const match = value ? /^Bearer\s+(\S+)\s*$/i.exec(value) : null
  return match?.[1] ?? null
}
