import { defineProject } from '@tokenledger/tooling/vitest'

export default defineProject('otlp-receiver')
