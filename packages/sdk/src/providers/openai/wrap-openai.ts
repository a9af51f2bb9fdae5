import type OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParams,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions'
import type { Attribution } from '../../attribution'
import { mergeAttribution } from '../../attribution'
import { Tokenledger, type TokenledgerOptions } from '../../tokenledger'
import { interceptMethod } from '../../tracking/intercept'
import { type OpenAIRequestOptions, trackChatCompletion } from './track-chat-completion'

type APIPromise<T> = import('openai').APIPromise<T>
type Stream<T> = import('openai/streaming').Stream<T>

/** The request options of a tracked client: the provider's, plus this call's attribution. */
export type TrackedOpenAIRequestOptions = NonNullable<OpenAIRequestOptions> & {
  /** Who and what this call is for; stripped before the request goes to OpenAI. */
  tokenledger?: Attribution
}

export interface TrackedChatCompletions {
  create(
    body: ChatCompletionCreateParamsNonStreaming,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<ChatCompletion>
  create(
    body: ChatCompletionCreateParamsStreaming,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<Stream<ChatCompletionChunk>>
  create(
    body: ChatCompletionCreateParamsBase,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<Stream<ChatCompletionChunk> | ChatCompletion>
  /** The streaming helper; built on `create`, so it is tracked and takes `{ tokenledger }` too. */
  stream(
    body: Parameters<OpenAI['chat']['completions']['stream']>[0],
    options?: TrackedOpenAIRequestOptions,
  ): ReturnType<OpenAI['chat']['completions']['stream']>
}

/** The wrapped client: the same API, `chat.completions.create` also takes `{ tokenledger }`. */
export type TrackedOpenAI<C extends OpenAI = OpenAI> = C & {
  /** The Tokenledger the calls are logged through: `await client.tokenledger.flush()` before exit. */
  readonly tokenledger: Tokenledger
  chat: C['chat'] & { completions: C['chat']['completions'] & TrackedChatCompletions }
}

/**
 * Wraps an OpenAI client the app already has: `chat.completions.create` (streaming or not, and
 * the helpers built on it such as `chat.completions.stream()` and `.parse()`) behaves exactly as
 * before and logs every call in the background. Attribution: Tokenledger defaults, then
 * `defaults`, then the call's `{ tokenledger: {...} }` request option.
 */
export function wrapOpenAI<C extends OpenAI>(
  client: C,
  tokenledger: Tokenledger | TokenledgerOptions,
  defaults?: Attribution,
): TrackedOpenAI<C> {
  const ledger = tokenledger instanceof Tokenledger ? tokenledger : new Tokenledger(tokenledger)
  return interceptMethod(
    client,
    ['chat', 'completions'],
    'create',
    (completions) => {
      const original = (completions as C['chat']['completions']).create
      return (body: ChatCompletionCreateParams, options?: TrackedOpenAIRequestOptions) => {
        const { tokenledger: perCall, ...rest } = options ?? {}
        return trackChatCompletion(
          (b, o) => original.call(completions, b, o),
          body,
          options === undefined ? undefined : rest,
          ledger.callContext(mergeAttribution(defaults, perCall)),
        )
      }
    },
    { tokenledger: ledger },
  ) as TrackedOpenAI<C>
}
