import { fileURLToPath } from 'node:url'
import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('gateway', {
  globalSetup: [fileURLToPath(import.meta.resolve('@tokenledger/db/testing/global-setup'))],
  serial: true,
})
