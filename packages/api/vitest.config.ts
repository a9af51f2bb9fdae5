import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('api')
