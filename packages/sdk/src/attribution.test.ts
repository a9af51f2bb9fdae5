import { describe, expect, it } from 'vitest'
import { mergeAttribution } from './attribution'

describe('mergeAttribution', () => {
  it('lets later levels win, skips undefined and merges metadata', () => {
    expect(
      mergeAttribution(
        { userId: 1, category: 'general', metadata: { app: 'x', env: 'prod' } },
        undefined,
        { userId: 2, projectId: undefined, metadata: { env: 'dev' } },
        { documentId: 3 },
      ),
    ).toEqual({ userId: 2, category: 'general', documentId: 3, metadata: { app: 'x', env: 'dev' } })
  })
})
