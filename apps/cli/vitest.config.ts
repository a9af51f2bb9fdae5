import { fileURLToPath } from 'node:url'
import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('cli', {
  globalSetup: [fileURLToPath(import.meta.resolve('@tokenledger/db/testing/global-setup'))],
  serial: true,
  testTimeout: 60_000,
})
