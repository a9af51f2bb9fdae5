import { createApiKeyForOrganization } from '@tokenledger/db'
import { generateApiKey } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'

/** Names are labels shown in lists, not documents. */
const MAX_KEY_NAME = 200

export const keysCreate: Command = {
  name: 'keys:create',
  summary: 'create an API key for an organization (printed once)',
  help: `tokenledger keys:create --org <slug> [--name <name>]

  Creates an API key for the organization with that slug and prints it once; only its hash is
  stored. Apps send it as "Authorization: Bearer <key>".`,
  options: { org: { type: 'string' }, name: { type: 'string' } },
  async run({ values }) {
    const slug = values.org
    if (typeof slug !== 'string' || !slug) throw new UsageError('--org <slug> is required')
    const name = typeof values.name === 'string' && values.name ? values.name : 'API key'
    if (name.length > MAX_KEY_NAME) throw new UsageError(`--name is at most ${MAX_KEY_NAME} characters`)
    return withDatabase(async (db) => {
      const key = generateApiKey()
      const created = await createApiKeyForOrganization(db, { organizationSlug: slug, name, key })
      if (!created) {
        console.error(`error: no organization with slug "${slug}"`)
        return 1
      }
      console.log(key.key)
      console.error(`created API key "${name}" for ${created.organizationName}; it is shown only this once`)
    })
  },
}
