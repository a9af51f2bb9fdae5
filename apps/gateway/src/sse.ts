/** One server-sent event: its raw text (forwarded as is, separator included) and its parsed fields. */
export interface SseEvent {
  raw: string
  /** The `event:` field, when the event has one. */
  event: string | undefined
  /** The `data:` lines joined with newlines. */
  data: string
}

const BOUNDARY = /\r\n\r\n|\n\n|\r\r/

/**
 * Splits a byte stream into server-sent events as bytes arrive. Only an incomplete trailing event
 * is held back; `end()` returns it (a stream cut mid-event is still forwarded whole).
 */
export class SseSplitter {
  private readonly decoder = new TextDecoder()
  private buffer = ''

  push(chunk: Uint8Array): SseEvent[] {
    this.buffer += this.decoder.decode(chunk, { stream: true })
    const events: SseEvent[] = []
    for (let match = BOUNDARY.exec(this.buffer); match; match = BOUNDARY.exec(this.buffer)) {
      const end = match.index + match[0].length
      events.push(parseEvent(this.buffer.slice(0, end)))
      this.buffer = this.buffer.slice(end)
    }
    return events
  }

  /** What is left after the last complete event ('' when the stream ended cleanly). */
  end(): string {
    const rest = this.buffer + this.decoder.decode()
    this.buffer = ''
    return rest
  }
}

export function parseEvent(raw: string): SseEvent {
  let event: string | undefined
  const data: string[] = []
  for (const line of raw.split(/\r\n|\n|\r/)) {
    const colon = line.indexOf(':')
    if (colon === 0 || line === '') continue
    const field = colon < 0 ? line : line.slice(0, colon)
    let value = colon < 0 ? '' : line.slice(colon + 1)
    if (value.startsWith(' ')) value = value.slice(1)
    if (field === 'event') event = value
    else if (field === 'data') data.push(value)
  }
  return { raw, event, data: data.join('\n') }
}

/** The event's data as JSON, or undefined (`[DONE]`, comments, malformed data). */
export function eventJson(event: SseEvent): Record<string, unknown> | undefined {
  if (!event.data.startsWith('{')) return undefined
  try {
    return JSON.parse(event.data) as Record<string, unknown>
  } catch {
    return undefined
  }
}
