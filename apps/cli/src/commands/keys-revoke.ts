import { revokeApiKey } from '@tokenledger/db'
import { apiKeyPrefix } from '@tokenledger/domain'
import { type Command, UsageError } from '../command'
import { withDatabase } from '../database'

export const keysRevoke: Command = {
  name: 'keys:revoke',
  summary: 'revoke an API key (by the key or its prefix)',
  help: `tokenledger keys:revoke <key | prefix>

  Revokes the API key; requests with it are refused within a few seconds (running api servers
  trust a verified key for up to 5 s). The prefix is the part after "tl_" and before the next "_".`,
  async run({ positionals }) {
    const [given] = positionals
    if (!given || positionals.length > 1) throw new UsageError('give one API key or key prefix')
    const prefix = apiKeyPrefix(given) ?? (/^[a-z0-9]{12}$/.test(given) ? given : null)
    if (!prefix) throw new UsageError(`"${given}" is neither an API key (tl_…) nor a key prefix`)
    return withDatabase(async (db) => {
      const revoked = await revokeApiKey(db, prefix)
      if (!revoked) {
        console.error(`error: no active API key with prefix ${prefix}`)
        return 1
      }
      console.log(`revoked API key ${prefix} ("${revoked.name}")`)
    })
  },
}
