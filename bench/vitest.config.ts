import { defineProject } from '@tokenledger/tooling/vitest'

// The benchmarks' own helpers (the lean HTTP client both gateway sides share); the benchmarks run alone.
export default defineProject('bench', { include: ['support/**/*.test.ts'] })
