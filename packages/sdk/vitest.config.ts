import { defineProject } from '@tokenledger/tooling/vitest'

// No database: the tests that start the real api live in tests/e2e/sdk.
export default defineProject('sdk')
