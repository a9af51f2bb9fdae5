import type Anthropic from '@anthropic-ai/sdk'
import type {
  Message,
  MessageCreateParams,
  MessageCreateParamsBase,
  MessageCreateParamsNonStreaming,
  MessageCreateParamsStreaming,
  RawMessageStreamEvent,
} from '@anthropic-ai/sdk/resources/messages'
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
import { interceptMethods } from '../../tracking/intercept'
import { type AnthropicRequestOptions, trackMessage } from './track-message'

type APIPromise<T> = import('@anthropic-ai/sdk').APIPromise<T>
type Stream<T> = import('@anthropic-ai/sdk/streaming').Stream<T>

/** The request options of a tracked client: the provider's, plus this call's attribution. */
export type TrackedAnthropicRequestOptions = NonNullable<AnthropicRequestOptions> & {
  /**
   * Who and what this call is for, and its budget settings (`estimatedCost`, `budgetOverride`);
   * stripped before the request goes to Anthropic.
   */
  tokenledger?: CallOptions
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
 * `options`, then the call's `{ tokenledger: {...} }` request option.
 *
 * With `options.enforceBudgets` each call is checked first, as the builder's `generate()` is: a
 * used-up budget throws `BudgetConfirmationRequired` or `BudgetBlocked` and nothing is sent. The
 * cost estimate counts Anthropic prompts with OpenAI's tokenizer: an approximation.
 */
export function wrapAnthropic<C extends Anthropic>(
  client: C,
  tokenledger: Tokenledger | TokenledgerOptions,
  options?: WrapperOptions,
): TrackedAnthropic<C> {
  const ledger = tokenledger instanceof Tokenledger ? tokenledger : new Tokenledger(tokenledger)
  const { defaults, guard } = wrapperBudgets(ledger, options)
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
            const call = callBudget(perCall)
            const attribution = mergeAttribution(defaults, call.attribution)
            const request = { provider: 'anthropic', model: body.model, body }
            return guardedCall(guard, attribution, call.budget, request, (pass) =>
              trackMessage(
                (b, o) => original.call(messages, b, o),
                body,
                options === undefined ? undefined : rest,
                withPass(ledger.callContext(attribution, undefined, call.fields), pass),
              ),
            )
          }
        },
      },
    ],
    { tokenledger: ledger },
  ) as TrackedAnthropic<C>
}
