import { SIGNATURE_HEADER, signWebhookBody, TIMESTAMP_HEADER } from './sign-webhook'

export const WEBHOOK_TIMEOUT_MS = 10_000

export class DeliveryError extends Error {
  constructor(
    message: string,
    readonly responseCode: number | null,
  ) {
    super(message)
  }
}

/**
 * POSTs one alert to a webhook: the JSON body, its signature, the send time (also inside the
 * signed body) and a delivery id a receiver can dedupe on. Any 2xx is delivered; anything else,
 * a redirect included (not followed), a timeout or a network error throws, and the job retries.
 */
export async function sendWebhook(input: {
  url: string
  secret: string
  body: string
  sentAt: Date
  deliveryId: string
}): Promise<number> {
  let response: Response
  try {
    response = await fetch(input.url, {
      method: 'POST',
      redirect: 'manual',
      signal: AbortSignal.timeout(WEBHOOK_TIMEOUT_MS),
      headers: {
        'content-type': 'application/json',
        'user-agent': 'Tokenledger-Alerts/1',
        [SIGNATURE_HEADER]: signWebhookBody(input.secret, input.body),
        [TIMESTAMP_HEADER]: String(Math.floor(input.sentAt.getTime() / 1000)),
        'x-tokenledger-delivery': input.deliveryId,
      },
      body: input.body,
    })
  } catch (error) {
    const cause = (error as Error & { cause?: Error }).cause
    throw new DeliveryError(`webhook request failed: ${cause?.message ?? (error as Error).message}`, null)
  }
  // Drain the body (bounded by the timeout) so the connection is released.
  await response.text().catch(() => '')
  if (response.status < 200 || response.status >= 300)
    throw new DeliveryError(`webhook answered ${response.status}`, response.status)
  return response.status
}
