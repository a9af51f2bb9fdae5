import type Anthropic from '@anthropic-ai/sdk'
import type {
  Message,
  MessageCreateParams,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages'
import type { Attribution } from '../../attribution'
import { mergeAttribution } from '../../attribution'
import { Tokenledger, type TokenledgerOptions } from '../../tokenledger'
import { interceptMethods } from '../../tracking/intercept'
import { type AnthropicRequestOptions, trackMessage } from './track-message'

type APIPromise<T> = import('@anthropic-ai/sdk').APIPromise<T>
type Stream<T> = import('@anthropic-ai/sdk/streaming').Stream<T>

/** The request options of a tracked client: the provider's, plus this call's attribution. */
export type TrackedAnthropicRequestOptions = NonNullable<AnthropicRequestOptions> & {
  /** Who and what this call is for; stripped before the request goes to Anthropic. */
  tokenledger?: Attribution
}

export interface TrackedMessages {
  create(body: MessageCreateParamsNonStreaming, options?: TrackedAnthropicRequestOptions): APIPromise<Message>
  create(
    body: MessageCreateParamsStreaming,
    options?: TrackedAnthropicRequestOptions,
  ): APIPromise<Stream<RawMessageStreamEvent>>
  create(
    body: MessageCreateParamsBase,
    options?: TrackedAnthropicRequestOptions,
  ): APIPromise<Stream<RawMessageStreamEvent> | Message>
  /** The streaming helper; built on `create`, so it is tracked and takes `{ tokenledger }` too. */
  stream(
    body: Parameters<Anthropic['messages']['stream']>[0],
    options?: TrackedAnthropicRequestOptions,
  ): ReturnType<Anthropic['messages']['stream']>
}

/** The wrapped client: the same API, `messages.create` also takes `{ tokenledger }`. */
export type TrackedAnthropic<C extends Anthropic = Anthropic> = C & {
  /** The Tokenledger the calls are logged through: `await client.tokenledger.flush()` before exit. */
  readonly tokenledger: Tokenledger
  messages: C['messages'] & TrackedMessages
}

/**
 * Wraps an Anthropic client the app already has: `messages.create` (streaming or not, and the
 * helpers built on it such as `messages.stream()` and `messages.parse()`) behaves exactly as
 * before and logs every call in the background. Attribution: Tokenledger defaults, then
 * `defaults`, then the call's `{ tokenledger: {...} }` request option.
 */
export function wrapAnthropic<C extends Anthropic>(
  client: C,
  tokenledger: Tokenledger | TokenledgerOptions,
  defaults?: Attribution,
): TrackedAnthropic<C> {
  const ledger = tokenledger instanceof Tokenledger ? tokenledger : new Tokenledger(tokenledger)
  return interceptMethods(
    client,
    [
      {
        path: ['messages'],
        method: 'create',
        replacement: (messages) => {
          const original = (messages as C['messages']).create
          return (body: MessageCreateParams, options?: TrackedAnthropicRequestOptions) => {
            const { tokenledger: perCall, ...rest } = options ?? {}
            return trackMessage(
              (b, o) => original.call(messages, b, o),
              body,
              options === undefined ? undefined : rest,
              ledger.callContext(mergeAttribution(defaults, perCall)),
            )
          }
        },
      },
    ],
    { tokenledger: ledger },
  ) as TrackedAnthropic<C>
}
