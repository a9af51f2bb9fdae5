// Predicted spans of a redactor that only returns redacted text: the output is split into literal
// text and replacement tokens, and the literal parts are aligned back onto the input; whatever input
// lies under a token is the predicted span, typed by the token.

export interface TypedSpan {
  /** The library's own entity name (its replacement token). */
  label: string
  start: number
  end: number
}

const escapeRegExp = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')

/**
 * Spans of `input` that the redactor replaced with one of `tokens` to produce `output`. Tokens that
 * are also literally in the input at that position are taken as literal text. Adjacent tokens with
 * no text between them become one span labeled by the first. Returns null if no alignment exists.
 */
export function spansFromRedactedText(input: string, output: string, tokens: string[]): TypedSpan[] | null {
  const re = new RegExp(
    [...tokens]
      .sort((a, b) => b.length - a.length)
      .map(escapeRegExp)
      .join('|'),
    'g',
  )
  const parts: Array<{ token: boolean; text: string }> = []
  let last = 0
  for (const m of output.matchAll(re)) {
    const at = m.index ?? 0
    if (at > last) parts.push({ token: false, text: output.slice(last, at) })
    parts.push({ token: true, text: m[0] })
    last = at + m[0].length
  }
  if (last < output.length) parts.push({ token: false, text: output.slice(last) })

  const spans: TypedSpan[] = []
  // Depth-first: a literal after a token may sit at any later occurrence; the first that lets the
  // rest align wins (the earliest, i.e. the shortest redacted span).
  const align = (i: number, pos: number, pending: { label: string; start: number } | null): boolean => {
    if (i === parts.length) {
      if (pending) {
        if (pos >= input.length) return false
        spans.push({ label: pending.label, start: pending.start, end: input.length })
        return true
      }
      return pos === input.length
    }
    const part = parts[i] as { token: boolean; text: string }
    if (part.token) {
      if (!pending && input.startsWith(part.text, pos) && align(i + 1, pos + part.text.length, null))
        return true
      return align(i + 1, pos, pending ?? { label: part.text, start: pos })
    }
    if (!pending) return input.startsWith(part.text, pos) && align(i + 1, pos + part.text.length, null)
    for (let at = input.indexOf(part.text, pos + 1); at !== -1; at = input.indexOf(part.text, at + 1)) {
      const mark = spans.length
      spans.push({ label: pending.label, start: pending.start, end: at })
      if (align(i + 1, at + part.text.length, null)) return true
      spans.length = mark
    }
    return false
  }
  return align(0, 0, null) ? spans : null
}
