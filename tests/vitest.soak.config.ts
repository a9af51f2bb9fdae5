import { fileURLToPath } from 'node:url'
import { defineProject } from '@tokenledger/tooling/vitest'

// The slow reliability tests (load, Postgres restart, killed aggregation): `pnpm test:soak` only.
export default defineProject('soak', {
  include: ['reliability/**/*.soak.ts'],
  globalSetup: [fileURLToPath(import.meta.resolve('@tokenledger/db/testing/global-setup'))],
  serial: true,
  testTimeout: 180_000,
})
