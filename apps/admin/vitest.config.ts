import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('admin', { include: ['app/**/*.test.ts', 'http/**/*.test.ts'] })
