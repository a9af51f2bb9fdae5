import type { CallContext, CallOutcome } from './call-context'
import { usageEvent } from './event-from-call'
import { NO_USAGE, type TokenUsage } from './token-usage'

/** Logged as the error of a stream the consumer stopped reading before it ended. */
export class StreamCancelledError extends Error {
  constructor() {
    super('cancelled: the stream was closed by the caller before it ended')
    this.name = 'StreamCancelledError'
  }
}

export interface TrackedCall {
  /** The call ended (successfully unless `error` or `cancelled`); logs it once. */
  end: (end: {
    usage?: TokenUsage
    response?: string
    error?: unknown
    cancelled?: boolean
    /** When the result was complete, if known earlier than now (the response headers of a non-streamed call). */
    endedAt?: number | undefined
    /** The model the provider reports it ran; recorded instead of the requested one. */
    model?: string | undefined
  }) => void
  /** The request failed; logs it once. */
  fail: (error: unknown) => void
}

/**
 * One call being measured: started now (its prompt rendered now), logged exactly once when it
 * ends. Rendering the prompt and logging can never throw into the caller's code.
 */
export function trackedCall(
  provider: string,
  model: string,
  renderPrompt: () => string,
  context: CallContext,
): TrackedCall {
  const startedAt = new Date()
  const started = performance.now()
  const startedEpoch = Date.now()
  // Rendered now: the app may change its messages array once the call returned.
  const prompt = render(renderPrompt)
  let logged = false

  const end: TrackedCall['end'] = ({ usage, response, error, cancelled, endedAt, model: reported }) => {
    if (logged) return
    logged = true
    try {
      const failure = error ?? (cancelled ? new StreamCancelledError() : undefined)
      const outcome: CallOutcome = {
        provider,
        model: reported || model,
        ...(reported && reported !== model ? { requestedModel: model } : {}),
        startedAt,
        durationMs: endedAt !== undefined ? Math.max(0, endedAt - startedEpoch) : performance.now() - started,
        usage: usage ?? { ...NO_USAGE },
        prompt,
        ...(failure === undefined ? { response: response ?? '' } : response ? { response } : {}),
        ...(failure === undefined ? {} : { error: failure }),
      }
      context.onOutcome?.(outcome)
      context.log({ ...usageEvent(outcome, context.attribution, context.maxContentChars), ...context.fields })
    } catch {
      // Logging never breaks the app.
    }
  }
  return { end, fail: (error) => end({ error }) }
}

function render(renderPrompt: () => string): string {
  try {
    return renderPrompt()
  } catch {
    return ''
  }
}
