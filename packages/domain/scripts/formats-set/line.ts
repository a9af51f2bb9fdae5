// Builds one labelled line: values are marked where they are written, and their offsets are
// computed after the whole text (JSON escaping included) is assembled, never counted by hand.
import type { RedactionType } from '../../src/redaction/types'

export interface Span {
  type: RedactionType
  value: string
  start: number
  end: number
}

export interface Example {
  text: string
  spans: Span[]
  note: string
}

/** How a marked value is written where it ends up: as is, JSON-escaped once, or twice. */
export type Encoding = 'raw' | 'json' | 'json2'

/** A sensitive value to be marked; plain strings are written as they are. */
export interface Val {
  type: RedactionType
  value: string
}
export type Piece = string | Val
export type Text = Piece | readonly Piece[]

export const v = (type: RedactionType, value: string): Val => ({ type, value })

// Private-use characters: JSON.stringify leaves them alone and no generated text contains them.
const OPEN = '\uE000'
const CLOSE = '\uE001'
const SENTINEL = /\uE000(\d+)\uE001/g

const encode = (value: string, encoding: Encoding): string => {
  if (encoding === 'raw') return value
  const once = JSON.stringify(value).slice(1, -1)
  return encoding === 'json' ? once : JSON.stringify(once).slice(1, -1)
}

export class Line {
  private readonly marks: Array<Val & { encoding: Encoding }> = []

  /** The pieces as one string in which each value is a placeholder, written later with `encoding`. */
  put(text: Text, encoding: Encoding = 'raw'): string {
    const pieces = typeof text === 'string' || !Array.isArray(text) ? [text as Piece] : text
    return pieces
      .map((p) => {
        if (typeof p === 'string') return p
        this.marks.push({ ...p, encoding })
        return `${OPEN}${this.marks.length - 1}${CLOSE}`
      })
      .join('')
  }

  /** Replaces the placeholders in `template` with their values and records where each one landed. */
  done(template: string, note: string): Example {
    const spans: Span[] = []
    const used = new Set<number>()
    let text = ''
    let last = 0
    for (const match of template.matchAll(SENTINEL)) {
      const id = Number(match[1])
      const mark = this.marks[id]
      if (!mark || used.has(id)) throw new Error(`placeholder ${id} is unknown or written twice (${note})`)
      used.add(id)
      text += template.slice(last, match.index)
      const value = encode(mark.value, mark.encoding)
      spans.push({ type: mark.type, value, start: text.length, end: text.length + value.length })
      text += value
      last = match.index + match[0].length
    }
    text += template.slice(last)
    if (used.size !== this.marks.length) throw new Error(`a marked value was never written (${note})`)
    if (text.includes(OPEN) || text.includes(CLOSE)) throw new Error(`a placeholder was mangled (${note})`)
    return { text, spans, note }
  }
}

/** A line in which nothing should be redacted. */
export const negative = (text: string, note: string): Example => ({ text, spans: [], note: `neg:${note}` })

/** A line written with `write(put)`, where `put` marks the values. */
export function line(note: string, write: (put: Line['put']) => string): Example {
  const l = new Line()
  return l.done(
    write((t, e) => l.put(t, e)),
    note,
  )
}
