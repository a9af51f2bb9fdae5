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

  it("lets a later level's form of the user, project or document replace an earlier one's other form", () => {
    expect(
      mergeAttribution(
        { userId: 1, project: { externalId: 'prj_1' }, documentId: 3 },
        { user: { externalId: 'usr_42' }, projectId: 2 },
      ),
    ).toEqual({ user: { externalId: 'usr_42' }, projectId: 2, documentId: 3 })
    expect(mergeAttribution({ user: { externalId: 'usr_42' } }, { userId: 7 })).toEqual({ userId: 7 })
  })
})
