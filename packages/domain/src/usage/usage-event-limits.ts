/**
 * The bounds of one usage event, in one place so the api's schema, the stored row and the docs agree.
 * Lengths are JavaScript string lengths (UTF-16 code units).
 */
export const USAGE_EVENT_LIMITS = {
  providerChars: 64,
  modelChars: 200,
  purposeDetailChars: 2_000,
  taskTypeChars: 200,
  loggableChars: 200,
  idempotencyKeyChars: 200,
  /**
   * Prompt, response and error message: longer ones are refused. Below it they are never refused,
   * only stored cut (see STORED_CONTENT_CHARS), so the call and its cost are always recorded.
   */
  contentChars: 16 * 1024 * 1024,
  /** Metadata nesting, the metadata object itself being level 1. */
  metadataDepth: 10,
  /** Characters of the metadata's JSON text. */
  metadataChars: 64 * 1024,
  /** Calls older than this are refused: a year like 0000 is a client bug, not history. */
  earliestOccurredAt: '2000-01-01T00:00:00Z',
} as const

/** Content is stored redacted and cut to these lengths; the rest is summarised by a `[TRUNCATED: …]` line. */
export const STORED_CONTENT_CHARS = {
  prompt: 200_000,
  response: 200_000,
  errorMessage: 20_000,
} as const

export type ContentField = keyof typeof STORED_CONTENT_CHARS

export type JsonShapeProblem = { kind: 'depth'; limit: number } | { kind: 'size'; limit: number }

/**
 * Checks that a parsed JSON value nests at most `maxDepth` levels and that its JSON text stays
 * within `maxChars` (string escapes not counted). Iterative with early exit, so a value nested
 * 100,000 levels deep or 20 MB large is refused in microseconds instead of overflowing the stack
 * of whatever walks it next (JSON.stringify, the redaction walk).
 */
export function checkJsonShape(
  value: unknown,
  limits: { maxDepth: number; maxChars: number },
): JsonShapeProblem | null {
  let chars = 0
  const stack: Array<{ value: unknown; depth: number }> = [{ value, depth: 0 }]
  while (stack.length) {
    const { value: current, depth } = stack.pop() as { value: unknown; depth: number }
    if (current !== null && typeof current === 'object') {
      if (depth + 1 > limits.maxDepth) return { kind: 'depth', limit: limits.maxDepth }
      const entries = Array.isArray(current) ? current.map((v) => ['', v] as const) : Object.entries(current)
      // Brackets and separators; object keys add their quoted text and a colon.
      chars += 2 + Math.max(0, entries.length - 1)
      for (const [key, child] of entries) {
        if (!Array.isArray(current)) chars += key.length + 3
        stack.push({ value: child, depth: depth + 1 })
      }
    } else {
      chars += scalarChars(current)
    }
    if (chars > limits.maxChars) return { kind: 'size', limit: limits.maxChars }
  }
  return null
}

function scalarChars(value: unknown): number {
  if (typeof value === 'string') return value.length + 2
  if (value === undefined) return 0
  return String(value).length
}
