import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('ui', { include: ['src/**/*.test.ts', 'src/**/*.test.tsx'] })
