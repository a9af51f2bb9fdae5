import { fileURLToPath } from 'node:url'
import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('sdk', {
  globalSetup: [fileURLToPath(import.meta.resolve('@tokenledger/db/testing/global-setup'))],
  serial: true,
})
