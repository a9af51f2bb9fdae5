// The OpenAI mock is shared with other packages' tests: it lives in tooling/testing.
export * from '@tokenledger/tooling/testing/mock-openai'
