import {
  findProviderKey,
  isGatewayToken,
  KEY_PROVIDERS,
  MasterKeyError,
  SecretUnreadableError,
} from '@tokenledger/db'
import { z } from 'zod'
import { AppError } from '../app-error'
import { apiKeyProcedure } from '../auth/procedures'

/**
 * Procedures only the gateway may call: an organization API key names the organization, and the
 * gateway token (derived from the master key, sent as `x-tokenledger-gateway-token`) proves the
 * caller is a Tokenledger process that could decrypt the stored keys itself. An app holding only
 * its API key gets 403, so a stored provider key never reaches an app.
 */
export const gatewayRouter = {
  /** The organization's stored key for `provider`, in plaintext, or null when it has none. */
  providerKey: apiKeyProcedure
    .input(z.object({ provider: z.enum(KEY_PROVIDERS) }))
    .query(async ({ ctx, input }) => {
      let masterKey: Buffer
      try {
        masterKey = await ctx.masterKey()
      } catch (error) {
        if (error instanceof MasterKeyError) throw new AppError('INTERNAL', error.message)
        throw error
      }
      if (!isGatewayToken(masterKey, ctx.gatewayToken))
        throw new AppError('FORBIDDEN', 'only the Tokenledger gateway may read stored provider keys')
      try {
        const key = await findProviderKey(ctx.db, masterKey, ctx.identity.organizationId, input.provider)
        return { key }
      } catch (error) {
        if (error instanceof SecretUnreadableError) {
          console.error(`[api] gateway.providerKey: ${error.message}`)
          throw new AppError('INTERNAL', error.message)
        }
        throw error
      }
    }),
}
