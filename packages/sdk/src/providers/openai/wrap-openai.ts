import { providerFromBaseUrl } from '@tokenledger/domain'
import type OpenAI from 'openai'
import type {
  ChatCompletion,
  ChatCompletionChunk,
  ChatCompletionCreateParamsBase,
  ChatCompletionCreateParamsNonStreaming,
  ChatCompletionCreateParamsStreaming,
} from 'openai/resources/chat/completions'
import type { CreateEmbeddingResponse, EmbeddingCreateParams } from 'openai/resources/embeddings'
import type {
  Response,
  ResponseCreateParamsBase,
  ResponseCreateParamsNonStreaming,
  ResponseCreateParamsStreaming,
  ResponseStreamEvent,
} from 'openai/resources/responses/responses'
import { mergeAttribution } from '../../attribution'
import { withPass } from '../../budgets/budget-pass'
import {
  type CallOptions,
  callBudget,
  guardedCall,
  type WrapperOptions,
  wrapperBudgets,
} from '../../budgets/wrapper-budgets'
import { Tokenledger, type TokenledgerOptions } from '../../tokenledger'
import type { CallContext } from '../../tracking/call-context'
import { type Interception, interceptMethods } from '../../tracking/intercept'
import { type OpenAIRequestOptions, trackChatCompletion } from './track-chat-completion'
import { trackEmbedding } from './track-embedding'
import { trackResponse } from './track-response'

type APIPromise<T> = import('openai').APIPromise<T>
type Stream<T> = import('openai/streaming').Stream<T>

/** The request options of a tracked client: the provider's, plus this call's attribution. */
export type TrackedOpenAIRequestOptions = NonNullable<OpenAIRequestOptions> & {
  /**
   * Who and what this call is for, and its budget settings (`estimatedCost`, `budgetOverride`);
   * stripped before the request goes to OpenAI.
   */
  tokenledger?: CallOptions
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

export interface TrackedResponses {
  create(body: ResponseCreateParamsNonStreaming, options?: TrackedOpenAIRequestOptions): APIPromise<Response>
  create(
    body: ResponseCreateParamsStreaming,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<Stream<ResponseStreamEvent>>
  create(
    body: ResponseCreateParamsBase,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<Stream<ResponseStreamEvent> | Response>
  /** The streaming helper; built on `create`, so it is tracked and takes `{ tokenledger }` too. */
  stream(
    body: Parameters<OpenAI['responses']['stream']>[0],
    options?: TrackedOpenAIRequestOptions,
  ): ReturnType<OpenAI['responses']['stream']>
}

export interface TrackedEmbeddings {
  create(
    body: EmbeddingCreateParams,
    options?: TrackedOpenAIRequestOptions,
  ): APIPromise<CreateEmbeddingResponse>
}

/**
 * The wrapped client: the same API; `chat.completions.create`, `responses.create` and
 * `embeddings.create` also take `{ tokenledger }`.
 */
export type TrackedOpenAI<C extends OpenAI = OpenAI> = C & {
  /** The Tokenledger the calls are logged through: `await client.tokenledger.flush()` before exit. */
  readonly tokenledger: Tokenledger
  chat: C['chat'] & { completions: C['chat']['completions'] & TrackedChatCompletions }
  responses: C['responses'] & TrackedResponses
  embeddings: C['embeddings'] & TrackedEmbeddings
}

/** A tracker of one create method: calls `create`, logs the call through `context`. */
type Tracker<B, O, R> = (
  create: (body: B, options?: O) => R,
  body: B,
  options: O | undefined,
  context: CallContext,
) => R

/**
 * Wraps an OpenAI client the app already has: `chat.completions.create`, `responses.create`
 * (streaming or not, and the helpers built on them such as `.stream()` and `.parse()`) and
 * `embeddings.create` behave exactly as before and log every call in the background. Attribution: Tokenledger defaults, then
 * `options`, then the call's `{ tokenledger: {...} }` request option.
 *
 * With `options.enforceBudgets` each call is checked first, as the builder's `generate()` is: a
 * used-up budget throws `BudgetConfirmationRequired` or `BudgetBlocked` and nothing is sent.
 */
export function wrapOpenAI<C extends OpenAI>(
  client: C,
  tokenledger: Tokenledger | TokenledgerOptions,
  options?: WrapperOptions,
): TrackedOpenAI<C> {
  const ledger = tokenledger instanceof Tokenledger ? tokenledger : new Tokenledger(tokenledger)
  const { defaults, guard } = wrapperBudgets(ledger, options)
  const provider = openAICompatibleProvider(client)
  // The same stripping of `{ tokenledger }` and the same attribution for every tracked method.
  const tracked = <B, O, R>(path: string[], track: Tracker<B, O, R>): Interception => ({
    path,
    method: 'create',
    replacement: (resource) => {
      const original = (resource as { create: (body: B, options?: O) => R }).create
      return (body: B, options?: TrackedOpenAIRequestOptions) => {
        const { tokenledger: perCall, ...rest } = options ?? {}
        const call = callBudget(perCall)
        const attribution = mergeAttribution(defaults, call.attribution)
        const request = {
          provider,
          model: String((body as { model?: unknown }).model ?? ''),
          body,
          embedding: path[0] === 'embeddings',
        }
        return guardedCall(guard, attribution, call.budget, request, (pass) =>
          track(
            (b, o) => original.call(resource, b, o),
            body,
            (options === undefined ? undefined : rest) as O | undefined,
            withPass(namingProvider(ledger.callContext(attribution, undefined, call.fields), provider), pass),
          ),
        )
      }
    },
  })
  return interceptMethods(
    client,
    [
      tracked(['chat', 'completions'], trackChatCompletion),
      tracked(['responses'], trackResponse),
      tracked(['embeddings'], trackEmbedding),
    ],
    { tokenledger: ledger },
  ) as TrackedOpenAI<C>
}

/**
 * The catalog provider of the client's `baseURL` when it is not OpenAI's (an OpenAI client pointed
 * at Groq, Together, DeepSeek…), so its calls are priced with that provider's prices. 'openai' for
 * OpenAI itself and for any address the catalog does not know (a proxy, a local server).
 */
function openAICompatibleProvider(client: OpenAI): string {
  const baseURL = (client as { baseURL?: unknown }).baseURL
  return (typeof baseURL === 'string' && providerFromBaseUrl(baseURL)) || 'openai'
}

/** The call context, logging its events under `provider` instead of 'openai'. */
function namingProvider(context: CallContext, provider: string): CallContext {
  if (provider === 'openai') return context
  return {
    ...context,
    log: (event) => context.log(event.provider === 'openai' ? { ...event, provider } : event),
  }
}
