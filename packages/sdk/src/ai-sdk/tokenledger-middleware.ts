import type { LanguageModelMiddleware } from 'ai'
import { type Attribution, mergeAttribution } from '../attribution'
import {
  type BudgetEnforcementOptions,
  BudgetGuard,
  type GuardHost,
  validateCallBudget,
} from '../budgets/budget-guard'
import { type BudgetPass, withPass } from '../budgets/budget-pass'
import { estimateRequestCost } from '../budgets/estimate-request-cost'
import type { CallContext } from '../tracking/call-context'
import { NO_USAGE, type TokenUsage } from '../tracking/token-usage'
import { type TrackedCall, trackedCall } from '../tracking/tracked-call'
import { aiSdkUsage } from './ai-sdk-usage'
import { renderAiSdkContent, renderAiSdkPrompt, renderToolCall } from './render-ai-sdk'

/** What the middleware needs from its Tokenledger (a `Tokenledger` instance has it all). */
export interface MiddlewareHost extends GuardHost {
  callContext(attribution: Attribution, onOutcome?: undefined, fields?: CallContext['fields']): CallContext
}

/** Budget settings of one call (in the options, or per call in `providerOptions.tokenledger`). */
export interface MiddlewareBudget {
  /** Expected cost of the call (decimal USD), counted in by the budget check; estimated from the prompt when absent. */
  estimatedCost?: string
  /** The id of the end user's confirmed budget override this call uses. */
  budgetOverride?: string
}

export interface TokenledgerMiddlewareOptions
  extends Attribution,
    MiddlewareBudget,
    BudgetEnforcementOptions {
  /** @deprecated The former name of `enforceBudgets`. */
  checkBudget?: boolean
}

type WrapGenerate = NonNullable<LanguageModelMiddleware['wrapGenerate']>
type CallParams = Parameters<WrapGenerate>[0]['params']
type Model = Parameters<WrapGenerate>[0]['model']

/**
 * A Vercel AI SDK (v6) middleware that logs every `generateText` / `streamText` call of the
 * wrapped model to Tokenledger: provider and model, normalised usage (cache reads and writes,
 * reasoning), duration, prompt and response, or the error.
 *
 *     const model = wrapLanguageModel({
 *       model: openai('gpt-4o-mini'),
 *       middleware: tokenledgerMiddleware(tokenledger, { category: 'summarization', userId }),
 *     })
 *
 * Per-call attribution goes in `providerOptions: { tokenledger: { userId, purposeDetail, … } }`.
 */
export function tokenledgerMiddleware(
  tokenledger: MiddlewareHost,
  options: TokenledgerMiddlewareOptions = {},
): LanguageModelMiddleware {
  const {
    checkBudget,
    enforceBudgets = checkBudget ?? false,
    budgetCacheTtlMs,
    budgetFailMode,
    estimatedCost,
    budgetOverride,
    ...defaults
  } = options
  validateCallBudget({ estimatedCost, budgetOverride })
  const guard = enforceBudgets
    ? new BudgetGuard(tokenledger, {
        ...(budgetCacheTtlMs !== undefined ? { budgetCacheTtlMs } : {}),
        ...(budgetFailMode !== undefined ? { budgetFailMode } : {}),
      })
    : null

  /** Checks the budget if asked, then starts measuring the call. */
  async function start(params: CallParams, model: Model): Promise<TrackedCall> {
    const { estimatedCost: perCallCost, budgetOverride: perCallOverride, ...perCall } = perCallOptions(params)
    const attribution = mergeAttribution(defaults, perCall)
    const override = perCallOverride ?? budgetOverride
    const cost = perCallCost ?? estimatedCost
    validateCallBudget({ estimatedCost: cost, budgetOverride: override })
    const { provider, modelId } = providerAndModel(model)
    let pass: BudgetPass | null = null
    if (guard) {
      // The model is not called before the check lets it through; the prompt is the request to estimate.
      pass = await guard.beforeCall(
        attribution,
        {
          ...(cost !== undefined ? { estimatedCost: cost } : {}),
          ...(override ? { budgetOverride: override } : {}),
        },
        async () => (await estimateRequestCost(provider, modelId, params)).cost,
      )
    }
    // Every way the call ends is logged (success, error, cancelled stream), which releases what it holds.
    const context = withPass(
      tokenledger.callContext(attribution, undefined, override ? { budgetOverrideId: override } : undefined),
      pass,
    )
    return trackedCall(provider, modelId, () => renderAiSdkPrompt(params.prompt), context)
  }

  return {
    specificationVersion: 'v3',
    wrapGenerate: async ({ doGenerate, params, model }) => {
      const call = await start(params, model)
      try {
        const result = await doGenerate()
        call.end({
          usage: aiSdkUsage(result.usage),
          response: renderAiSdkContent(result.content),
          model: result.response?.modelId,
        })
        return result
      } catch (error) {
        call.fail(error)
        throw error
      }
    },
    wrapStream: async ({ doStream, params, model }) => {
      const call = await start(params, model)
      let result: Awaited<ReturnType<typeof doStream>>
      try {
        result = await doStream()
      } catch (error) {
        call.fail(error)
        throw error
      }
      return { ...result, stream: observeParts(result.stream, call) }
    },
  }
}

/**
 * The same stream of parts, measured: text and tool calls collected, usage from `finish`, the
 * model from `response-metadata`; logged when the stream ends, errors, or is cancelled.
 */
function observeParts<P extends { type: string }>(
  stream: ReadableStream<P>,
  call: TrackedCall,
): ReadableStream<P> {
  const reader = stream.getReader()
  let text = ''
  const tools: string[] = []
  let usage: TokenUsage = { ...NO_USAGE }
  let modelId: string | undefined
  let failure: unknown
  const response = () => [text, ...tools].filter(Boolean).join('\n')
  return new ReadableStream<P>({
    async pull(controller) {
      let next: Awaited<ReturnType<typeof reader.read>>
      try {
        next = await reader.read()
      } catch (error) {
        call.end({ usage, response: response(), error, model: modelId })
        controller.error(error)
        return
      }
      if (next.done) {
        call.end({ usage, response: response(), error: failure, model: modelId })
        controller.close()
        return
      }
      const part = next.value as P & Record<string, unknown>
      try {
        if (part.type === 'text-delta') text += String(part.delta ?? '')
        else if (part.type === 'tool-call') tools.push(renderToolCall(part.toolName as string, part.input))
        else if (part.type === 'finish') usage = aiSdkUsage(part.usage as Parameters<typeof aiSdkUsage>[0])
        else if (part.type === 'response-metadata' && typeof part.modelId === 'string') modelId = part.modelId
        else if (part.type === 'error') failure ??= part.error
      } catch {
        // Observing never breaks the stream.
      }
      controller.enqueue(next.value)
    },
    cancel(reason) {
      call.end({ usage, response: response(), cancelled: true, model: modelId })
      return reader.cancel(reason)
    },
  })
}

/** `providerOptions.tokenledger` of one call: attribution and budget settings. */
function perCallOptions(params: CallParams): Attribution & MiddlewareBudget {
  const value = (params.providerOptions as Record<string, unknown> | undefined)?.tokenledger
  return value && typeof value === 'object' ? (value as Attribution & MiddlewareBudget) : {}
}

/**
 * The AI SDK names providers `openai.responses`, `anthropic.messages`…: Tokenledger records the
 * provider (`openai`). Through the AI Gateway the model id carries it (`anthropic/claude-…`).
 */
export function providerAndModel(model: { provider: string; modelId: string }): {
  provider: string
  modelId: string
} {
  const [gatewayProvider, ...rest] = model.modelId.split('/')
  if (model.provider === 'gateway' && gatewayProvider && rest.length) {
    return { provider: gatewayProvider, modelId: rest.join('/') }
  }
  return { provider: model.provider.split('.')[0] || model.provider, modelId: model.modelId }
}
