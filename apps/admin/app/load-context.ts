import type { Db } from '@tokenledger/db'

/** What every loader and action receives as `context`: set by `getLoadContext` in server.ts. */
export interface AdminLoadContext {
  db: Db
  /** The clock; tests may pin it. */
  now: () => Date
  /** The client's address for sign-in limits (behind a trusted proxy: from X-Forwarded-For). */
  clientIp: string | null
}

declare module '@remix-run/node' {
  interface AppLoadContext extends AdminLoadContext {}
}
