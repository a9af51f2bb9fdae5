import type Anthropic from '@anthropic-ai/sdk'
import type { Category } from '@tokenledger/domain'
import type OpenAI from 'openai'
import {
  type Attribution,
  type DocumentRef,
  mergeAttribution,
  type ProjectRef,
  type UserRef,
} from '../attribution'
import type { BudgetCheckResult } from '../budgets/budget-errors'
import { type BudgetPass, reservedPass, withPass } from '../budgets/budget-pass'
import { type BudgetHost, enforceBudget } from '../budgets/enforce-budget'
import { estimateRequestCostByLength } from '../budgets/estimate-by-length'
import { TokenledgerConfigError } from '../errors'
import { generateAnthropicText, streamAnthropicText } from '../providers/anthropic/anthropic-text'
import {
  embedOpenAI,
  generateOpenAIResponsesText,
  generateOpenAIText,
  streamOpenAIResponsesText,
  streamOpenAIText,
} from '../providers/openai/openai-text'
import type { CallContext, CallOutcome } from '../tracking/call-context'
import type { AnthropicClientLike, OpenAIClientLike } from './provider-clients'
import type { ChatMessage, EmbedResult, GenerateResult, OpenAIApi, ProviderName, TextCall } from './text-call'
import { TextStream } from './text-stream'

/** What the builder needs from its Tokenledger. */
export interface TextBuilderHost extends BudgetHost {
  callContext(
    attribution: Attribution,
    onOutcome?: (outcome: CallOutcome) => void,
    fields?: CallContext['fields'],
  ): CallContext
  /** The provider clients, created on first use (see `TokenledgerOptions.openai`). */
  openai(): Promise<OpenAIClientLike>
  anthropic(): Promise<AnthropicClientLike>
  /** False when the Tokenledger checks no budgets (`checkBudgets: false`): nothing to estimate for. */
  readonly checksBudgets?: boolean
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i

/** Everything a builder collected. */
export interface TextBuilderState {
  provider?: ProviderName
  model?: string
  /** OpenAI only: `responses` sends the call to the Responses API instead of chat completions. */
  openaiApi?: OpenAIApi
  system?: string
  messages: ChatMessage[]
  maxTokens?: number
  temperature?: number
  providerOptions?: Record<string, unknown>
  signal?: AbortSignal
  attribution: Attribution
  /** The id of the confirmed budget override the call uses. */
  budgetOverride?: string
  /** Expected cost of the call (decimal USD), counted in by the budget check. */
  estimatedCost?: string
}

/**
 * A fluent description of one text generation, mirroring the seed's AITextBuilder:
 *
 *     const { text, usage } = await tokenledger.text()
 *       .using('openai', 'gpt-4o-mini')
 *       .withSystem('You summarise estimates.')
 *       .withPrompt('Summarise: …')
 *       .withCategory('summarization')
 *       .forUser(userId).forProject(projectId)
 *       .generate()
 *
 * `generate()` / `stream()` call the provider, measure duration and tokens and log the call in
 * the background (success or failure). Each `with…`/`for…` call changes this builder and returns it.
 */
export class TextBuilder {
  private readonly state: TextBuilderState = { messages: [], attribution: {} }

  constructor(private readonly host: TextBuilderHost) {}

  /** The provider (`openai` or `anthropic`) and model to call. */
  using(provider: ProviderName, model: string): this {
    if (provider !== 'openai' && provider !== 'anthropic') {
      throw new TokenledgerConfigError(`unknown provider "${provider}": use "openai" or "anthropic"`)
    }
    this.state.provider = provider
    this.state.model = model
    return this
  }

  /**
   * OpenAI only: sends the call to the Responses API (`responses.create`: system prompt as
   * `instructions`, messages as `input`, max tokens as `max_output_tokens`) instead of chat completions.
   */
  viaResponses(): this {
    this.state.openaiApi = 'responses'
    return this
  }

  /** Adds a user message. */
  withPrompt(prompt: string): this {
    this.state.messages.push({ role: 'user', content: prompt })
    return this
  }

  /** Adds messages in order (system messages go to Anthropic's `system`). */
  withMessages(messages: readonly ChatMessage[]): this {
    this.state.messages.push(...messages.map((m) => ({ role: m.role, content: m.content })))
    return this
  }

  /** Sets the system prompt. */
  withSystem(system: string): this {
    this.state.system = system
    return this
  }

  withCategory(category: Category): this {
    return this.attribute({ category })
  }

  withPurposeDetail(purposeDetail: string): this {
    return this.attribute({ purposeDetail })
  }

  withTaskType(taskType: string): this {
    return this.attribute({ taskType })
  }

  /** Tokenledger's numeric user id, or the app's own: `forUser({ externalId: 'usr_42', email })`. */
  forUser(user: number | UserRef): this {
    return this.attribute(typeof user === 'number' ? { userId: user } : { user })
  }

  forProject(project: number | ProjectRef): this {
    return this.attribute(typeof project === 'number' ? { projectId: project } : { project })
  }

  forDocument(document: number | DocumentRef): this {
    return this.attribute(typeof document === 'number' ? { documentId: document } : { document })
  }

  /** The app record the call is about (polymorphic: e.g. `('estimate', 42)`). */
  forLoggable(type: string, id: string | number): this {
    return this.attribute({ loggable: { type, id } })
  }

  /** Merged into the event's metadata (over the defaults' metadata). */
  withMetadata(metadata: Record<string, unknown>): this {
    return this.attribute({ metadata })
  }

  /**
   * The end user's confirmed budget override (its id, or the override from
   * `client.budgets.requestOverride`), used up by this call: the event carries it as
   * `budgetOverrideId` and the api marks the stored row `budget_override` (who confirmed it). An
   * override the api cannot use (expired, already used, another user's) does not lose the event:
   * the row is stored without the override and its metadata says why.
   */
  withBudgetOverride(confirmation: string | { id: string }): this {
    const id = typeof confirmation === 'string' ? confirmation : confirmation?.id
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw new TokenledgerConfigError('a budget override is the id (a UUID) of a confirmed override')
    }
    this.state.budgetOverride = id
    return this
  }

  /** The expected cost of the call (decimal USD, e.g. "0.02"), counted in by the budget check. */
  withEstimatedCost(usd: string): this {
    if (!/^\d+(\.\d+)?$/.test(usd))
      throw new TokenledgerConfigError('an estimated cost is a decimal string, e.g. "0.02"')
    this.state.estimatedCost = usd
    return this
  }

  withMaxTokens(maxTokens: number): this {
    this.state.maxTokens = maxTokens
    return this
  }

  withTemperature(temperature: number): this {
    this.state.temperature = temperature
    return this
  }

  /** Extra request body fields sent to the provider as they are (e.g. `{ top_p: 0.9 }`). */
  withProviderOptions(options: Record<string, unknown>): this {
    this.state.providerOptions = { ...this.state.providerOptions, ...options }
    return this
  }

  /** Aborts the provider request when the signal fires (the call is logged as failed). */
  withSignal(signal: AbortSignal): this {
    this.state.signal = signal
    return this
  }

  /** A copy of what the builder collected. */
  snapshot(): TextBuilderState {
    return structuredClone({ ...this.state, signal: undefined })
  }

  /**
   * Checks the budgets, calls the provider and resolves with the text, normalised usage, duration
   * and raw response. Provider errors are logged and rethrown unchanged. A used-up budget stops
   * the call before the provider is reached: `BudgetConfirmationRequired` (the end user may
   * confirm an override, then retry with `.withBudgetOverride(id)`) or `BudgetBlocked`.
   */
  async generate(): Promise<GenerateResult> {
    const { provider, call } = this.prepare()
    const pass = await this.checkBudget(call)
    const { context, outcome } = this.measuredContext(pass)
    const generateText =
      provider === 'anthropic'
        ? async () => generateAnthropicText(await this.anthropic(), call, context)
        : this.state.openaiApi === 'responses'
          ? async () => generateOpenAIResponsesText(await this.openai(), call, context)
          : async () => generateOpenAIText(await this.openai(), call, context)
    const { text, raw } = await unlessUnlogged<{ text: string; raw: unknown }>(pass, generateText)
    return result(text, raw, outcome(), pass.check)
  }

  /**
   * Embeds `input` (one text or several) with the model of `.using('openai', model)`: checks the
   * budgets like `generate()`, logs the call (input tokens only, the input as the prompt) and
   * resolves with one vector per input. Messages, system prompt, max tokens and temperature are
   * not used; `withProviderOptions` (e.g. `{ dimensions: 256 }`) and `withSignal` are.
   */
  async embed(input: string | readonly string[]): Promise<EmbedResult> {
    const { provider, model } = this.state
    if (!provider || !model) throw new TokenledgerConfigError('call .using(provider, model) before embedding')
    if (provider !== 'openai')
      throw new TokenledgerConfigError(`embed() needs "openai": ${provider} has no embeddings api`)
    const texts = typeof input === 'string' ? input : [...(input ?? [])]
    if (!texts.length || (Array.isArray(texts) && texts.some((t) => typeof t !== 'string'))) {
      throw new TokenledgerConfigError('embed() takes a text or a non-empty list of texts')
    }
    const pass = await this.checkBudget({ input: texts }, true)
    const { context, outcome } = this.measuredContext(pass)
    const { embeddings, raw } = await unlessUnlogged(pass, async () =>
      embedOpenAI(
        await this.openai(),
        {
          model,
          input: texts,
          ...(this.state.providerOptions ? { providerOptions: this.state.providerOptions } : {}),
          ...(this.state.signal ? { signal: this.state.signal } : {}),
        },
        context,
      ),
    )
    const { text: _, ...rest } = result('', raw, outcome(), pass.check)
    return { embeddings, ...rest }
  }

  /** Streams the text: iterate for chunks, `await stream.result` for the whole result. */
  stream(): TextStream {
    const { provider, call } = this.prepare()
    return new TextStream(async ({ push, signal }) => {
      const pass = await this.checkBudget(call)
      const { context, outcome } = this.measuredContext(pass)
      const withSignal = { ...call, signal: call.signal ? AbortSignal.any([call.signal, signal]) : signal }
      return unlessUnlogged(pass, async () => {
        const chunks: AsyncGenerator<string, unknown> =
          provider === 'anthropic'
            ? streamAnthropicText(await this.anthropic(), withSignal, context)
            : this.state.openaiApi === 'responses'
              ? streamOpenAIResponsesText(await this.openai(), withSignal, context)
              : streamOpenAIText(await this.openai(), withSignal, context)
        let text = ''
        while (true) {
          const next = await chunks.next()
          if (next.done) return result(text, next.value, outcome(), pass.check)
          text += next.value
          push(next.value)
        }
      })
    })
  }

  /**
   * ok and warning go ahead, holding the call's estimate until its event is stored; exceeded needs
   * a usable confirmed override; blocked never goes ahead. Without `withEstimatedCost`, the
   * request is estimated (its text at 4 characters a token, its output maximum, catalog prices).
   */
  private async checkBudget(request: object, embedding = false): Promise<BudgetPass> {
    const check = await enforceBudget(this.host, this.state.attribution, {
      estimatedCost: this.state.estimatedCost ?? (await this.estimate(request, embedding)),
      budgetOverride: this.state.budgetOverride,
      reserve: true,
    })
    return reservedPass(this.host, check)
  }

  /**
   * The request's cost estimate, at 4 characters a token (see estimate-by-length.ts: the main
   * entry never loads the tokenizer); none when it cannot be made.
   */
  private async estimate(request: object, embedding: boolean): Promise<string | undefined> {
    const { provider, model } = this.state
    if (this.host.checksBudgets === false || !provider || !model) return undefined
    const body = 'messages' in request ? providerShape(request as TextCall) : request
    try {
      const { cost } = await estimateRequestCostByLength(
        provider,
        model,
        body,
        embedding ? { embedding } : {},
      )
      return cost ?? undefined
    } catch {
      return undefined
    }
  }

  /** The context a call is logged through (releasing what it holds), and the outcome it measured once it ended. */
  private measuredContext(pass: BudgetPass): {
    context: CallContext
    outcome: () => CallOutcome | undefined
  } {
    let measured: CallOutcome | undefined
    const context = this.host.callContext(
      this.state.attribution,
      (o) => {
        measured = o
      },
      this.eventFields(),
    )
    return { context: withPass(context, pass), outcome: () => measured }
  }

  /**
   * The host's clients passed the structural checks of `provider-clients`; here they are the SDK
   * clients the provider modules are written against.
   */
  private async openai(): Promise<OpenAI> {
    return (await this.host.openai()) as OpenAI
  }

  private async anthropic(): Promise<Anthropic> {
    return (await this.host.anthropic()) as Anthropic
  }

  private eventFields(): CallContext['fields'] {
    return this.state.budgetOverride ? { budgetOverrideId: this.state.budgetOverride } : undefined
  }

  private attribute(attribution: Attribution): this {
    this.state.attribution = mergeAttribution(this.state.attribution, attribution)
    return this
  }

  private prepare(): { provider: ProviderName; call: TextCall } {
    const { provider, model } = this.state
    if (!provider || !model)
      throw new TokenledgerConfigError('call .using(provider, model) before generating')
    if (this.state.openaiApi === 'responses' && provider !== 'openai') {
      throw new TokenledgerConfigError(".viaResponses() is for OpenAI: the Responses API is OpenAI's")
    }
    if (!this.state.messages.length) {
      throw new TokenledgerConfigError('nothing to send: call .withPrompt() or .withMessages() first')
    }
    const call: TextCall = {
      model,
      messages: this.state.messages.map((m) => ({ ...m })),
      ...(this.state.system !== undefined ? { system: this.state.system } : {}),
      ...(this.state.maxTokens !== undefined ? { maxTokens: this.state.maxTokens } : {}),
      ...(this.state.temperature !== undefined ? { temperature: this.state.temperature } : {}),
      ...(this.state.providerOptions ? { providerOptions: this.state.providerOptions } : {}),
      ...(this.state.signal ? { signal: this.state.signal } : {}),
    }
    return { provider, call }
  }
}

/** The request as the estimator reads it: system text, messages and the output maximum. */
function providerShape(call: TextCall): object {
  return {
    ...(call.system !== undefined ? { system: call.system } : {}),
    messages: call.messages,
    ...(call.maxTokens !== undefined ? { max_tokens: call.maxTokens } : {}),
  }
}

/**
 * Runs the provider call; if it fails without logging anything (the provider client could not be
 * created, say), what the call holds is given back at once instead of waiting for it to expire.
 */
async function unlessUnlogged<T>(pass: BudgetPass, run: () => Promise<T>): Promise<T> {
  try {
    return await run()
  } catch (error) {
    pass.ended(false)
    throw error
  }
}

function result(
  text: string,
  raw: unknown,
  outcome: CallOutcome | undefined,
  budget: BudgetCheckResult | null,
): GenerateResult {
  return {
    text,
    usage: outcome
      ? { ...outcome.usage }
      : { promptTokens: 0, completionTokens: 0, cachedTokens: 0, cacheWriteTokens: 0, reasoningTokens: 0 },
    durationMs: outcome ? Math.round(outcome.durationMs) : 0,
    raw,
    budget,
  }
}
