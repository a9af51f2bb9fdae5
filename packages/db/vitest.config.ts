import { fileURLToPath } from 'node:url'
import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('db', {
  globalSetup: [fileURLToPath(new URL('./src/testing/global-setup.ts', import.meta.url))],
  serial: true,
})
